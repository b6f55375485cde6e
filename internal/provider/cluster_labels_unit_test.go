package provider

import (
	"maps"
	"testing"
)

func TestMergeManagedLabels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                         string
		current, prior, want, wanted map[string]string
	}{
		{"an added key keeps the others", map[string]string{"team": "a", "owner": "x"}, map[string]string{"team": "a"},
			map[string]string{"team": "a", "env": "prod"}, map[string]string{"team": "a", "env": "prod", "owner": "x"}},
		{"a removed key goes, the others stay", map[string]string{"team": "a", "env": "prod", "owner": "x"}, map[string]string{"team": "a", "env": "prod"},
			map[string]string{"env": "prod"}, map[string]string{"env": "prod", "owner": "x"}},
		{"a changed value wins over the cluster's", map[string]string{"team": "b"}, map[string]string{"team": "a"},
			map[string]string{"team": "c"}, map[string]string{"team": "c"}},
		{"no labels configured any more", map[string]string{"team": "a", "owner": "x"}, map[string]string{"team": "a"},
			nil, map[string]string{"owner": "x"}},
		{"a cluster without labels", nil, nil, map[string]string{"team": "a"}, map[string]string{"team": "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := mergeManagedLabels(tc.current, tc.prior, tc.want); !maps.Equal(got, tc.wanted) {
				t.Errorf("mergeManagedLabels = %v, want %v", got, tc.wanted)
			}
		})
	}
}
