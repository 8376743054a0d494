package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"remit"
	"remit/api"
	"remit/sqlstore"
)

// A request whose client has gone before the store ran it writes nothing,
// is logged with nginx's 499 and is not reported as a server error.
func TestClientGoneBeforeWrite(t *testing.T) {
	store, err := sqlstore.Open(filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc := remit.NewService()
	acct, err := svc.CreateAccount(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv := api.New(store, svc, slog.New(slog.NewTextHandler(&logs, nil)))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rq := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/customers", strings.NewReader("email=gone@example.com"))
	rq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rq.Header.Set("Authorization", "Bearer "+acct.SecretKey)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, rq)
	if rec.Code != 499 {
		t.Errorf("status %d, want 499; body %s", rec.Code, rec.Body)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client that left was logged as a server error:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "status=499") {
		t.Errorf("request log line lacks status=499:\n%s", logs.String())
	}

	list := httptest.NewRequest(http.MethodGet, "/v1/customers?email=gone@example.com", nil)
	list.Header.Set("Authorization", "Bearer "+acct.SecretKey)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, list)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"data": []`) && !strings.Contains(rec.Body.String(), `"data":[]`) {
		t.Errorf("after the abandoned create, list by email = %d %s, want an empty list", rec.Code, rec.Body)
	}
}
