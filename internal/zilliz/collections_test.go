package zilliz

import (
	"net/http"
	"reflect"
	"testing"
)

// TestDescribeCollectionDynamicFieldKey: the Zilliz docs say enableDynamicField,
// the Milvus v1 handler says enableDynamic; both must be read.
func TestDescribeCollectionDynamicFieldKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"enableDynamicField true", `{"collectionName":"c","enableDynamicField":true}`, true},
		{"enableDynamicField false", `{"collectionName":"c","enableDynamicField":false,"enableDynamic":true}`, false},
		{"enableDynamic true", `{"collectionName":"c","enableDynamic":true}`, true},
		{"enableDynamic false", `{"collectionName":"c","enableDynamic":false}`, false},
		{"neither", `{"collectionName":"c"}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				reply(w, 200, `{"code":200,"data":`+tc.data+`}`)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			dp, _ := c.DataPlane(rec.srv.URL, "")
			col, err := dp.DescribeCollection(t.Context(), "", "c")
			if err != nil {
				t.Fatal(err)
			}
			if col.EnableDynamicField != tc.want {
				t.Errorf("EnableDynamicField = %v, want %v", col.EnableDynamicField, tc.want)
			}
		})
	}
}

// TestDescribeCollectionDocExample decodes the Zilliz docs' v1 describe example.
func TestDescribeCollectionDocExample(t *testing.T) {
	t.Parallel()
	const body = `{"code":200,"data":{"collectionName":"quick_setup","description":"","enableDynamicField":true,
 "fields":[{"autoId":false,"description":"","name":"id","partitionKey":false,"primaryKey":true,"type":"Int64"},
           {"autoId":false,"description":"","name":"vector","partitionKey":false,"primaryKey":false,"type":"FloatVector(5)"}],
 "indexes":[{"fieldName":"vector","indexName":"vector","metricType":"COSINE"}],
 "load":"LoadStateLoaded","shardsNum":1}}`
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { reply(w, 200, body) })
	c := newTestClient(t, fastConfig(rec.srv.URL))
	dp, _ := c.DataPlane(rec.srv.URL, "")
	got, err := dp.DescribeCollection(t.Context(), "", "quick_setup")
	if err != nil {
		t.Fatal(err)
	}
	want := &Collection{
		Name: "quick_setup", Load: "LoadStateLoaded", EnableDynamicField: true, ShardsNum: 1,
		Fields: []CollectionField{
			{Name: "id", Type: "Int64", PrimaryKey: true},
			{Name: "vector", Type: "FloatVector(5)"},
		},
		Indexes: []CollectionIndex{{FieldName: "vector", IndexName: "vector", MetricType: "COSINE"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("collection = %+v\nwant         %+v", got, want)
	}
}

func TestCollectionNotFoundAndEmptyList(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v1/vector/collections":
			reply(w, 200, `{"code":200,"data":null}`)
		default:
			reply(w, 200, `{"code":100,"message":"collection not found[collection=c]"}`)
		}
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	dp, _ := c.DataPlane(rec.srv.URL, "")
	names, err := dp.ListCollections(t.Context(), "")
	if err != nil || names == nil || len(names) != 0 {
		t.Errorf("ListCollections = %#v, %v; want an empty non-nil slice", names, err)
	}
	if _, err := dp.DescribeCollection(t.Context(), "", "c"); !IsNotFound(err) {
		t.Errorf("DescribeCollection error = %v, want not found", err)
	}
	if err := dp.DropCollection(t.Context(), "", "c"); !IsNotFound(err) {
		t.Errorf("DropCollection error = %v, want not found", err)
	}
}
