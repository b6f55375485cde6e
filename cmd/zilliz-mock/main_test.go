package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServeUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	t.Cleanup(func() { _ = pr.Close() })
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-api-key", "k1", "-create-duration", "10ms", "-latency", "0"}, pw, io.Discard)
		_ = pw.Close()
	}()

	// Read stdout on its own: the mock writes a request's line before it
	// answers, so the pipe must be drained while the request runs.
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(30 * time.Second): // generous: only a broken mock waits this long
			t.Fatal("no line on stdout")
			return ""
		}
	}
	url := next()
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q is not the base URL", url)
	}

	req, _ := http.NewRequest(http.MethodGet, url+"/v2/clouds", nil)
	req.Header.Set("Authorization", "Bearer k1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", res.StatusCode)
	}
	if l := next(); l != "GET /v2/clouds -> HTTP 200, code 0" {
		t.Fatalf("request line %q", l)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d", code)
		}
	case <-time.After(30 * time.Second): // generous: only a broken mock waits this long
		t.Fatal("did not stop after cancel")
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stderr []string
	}{
		{"help lists flags and defaults", []string{"-h"}, 0, []string{
			"-listen", "127.0.0.1:0", "-api-key", "mock-api-key", "-project-id", "proj-4487580fcfe2c8a4391686",
			"-create-duration", "-transition-duration", "-delete-duration", "-latency",
			"-fault-429-rate", "-fault-5xx-rate", "-fault-drop-rate", "-quiet",
		}},
		{"unknown flag", []string{"-nope"}, 2, []string{"flag provided but not defined"}},
		{"stray argument", []string{"serve"}, 2, []string{"unexpected arguments"}},
		{"bad project id", []string{"-project-id", "proj-1"}, 1, []string{"proj-1"}},
		{"bad fault rate", []string{"-fault-drop-rate", "2"}, 1, []string{"RateDrop"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if got := run(context.Background(), tc.args, &stdout, &stderr); got != tc.status {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", got, tc.status, stderr.String())
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}
