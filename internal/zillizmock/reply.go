package zillizmock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// reply buffers a handler's answer instead of writing it to the wire, so the
// pipeline can log the body code and, for the "drop-after" fault, throw the
// answer away after the state has changed.
type reply struct {
	header http.Header
	status int
	code   int // the envelope's "code"
	body   []byte

	// On a cluster's endpoint: dbExists tells checkDatabase which databases
	// the cluster has, and db is the database checkDatabase resolved.
	dbExists func(db string) bool
	db       string
}

func newReply() *reply { return &reply{header: http.Header{}} }

// json writes v as the JSON body with the given HTTP status; code is the
// envelope code recorded in the request log.
func (w *reply) json(status, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Passwords contain '<', '>' and '&'; keep them readable in the body.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Every value passed here is a plain map or struct; this is a bug.
		panic("zillizmock: encode response: " + err.Error())
	}
	w.header.Set("Content-Type", "application/json")
	w.status = status
	w.code = code
	w.body = bytes.TrimRight(buf.Bytes(), "\n")
}

// envelope is the error shape of both planes: {"code":N,"message":"..."}.
type envelope struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// dataEnvelope is the success shape: {"code":0|200,"data":...}.
type dataEnvelope struct {
	Code int `json:"code"`
	Data any `json:"data"`
}

// fail writes {"code":code,"message":msg} with the given HTTP status.
func (w *reply) fail(status, code int, msg string) {
	w.json(status, code, envelope{Code: code, Message: msg})
}

// ok writes {"code":code,"data":data} with HTTP 200.
func (w *reply) ok(code int, data any) {
	w.json(http.StatusOK, code, dataEnvelope{Code: code, Data: data})
}

// flush copies the buffered answer to the real ResponseWriter.
func (w *reply) flush(rw http.ResponseWriter) {
	h := rw.Header()
	for k, v := range w.header {
		h[k] = v
	}
	if w.body != nil {
		h.Set("Content-Length", strconv.Itoa(len(w.body)))
	}
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	rw.WriteHeader(status)
	_, _ = rw.Write(w.body)
}
