// Package api serves Stripe's v1 HTTP API: authentication, Stripe's form
// encoding, idempotency, request ids, expansion, pagination and errors, in
// front of remit's services. Handlers never build SQL and never decide
// business rules: they decode, call the service inside one transaction, and
// encode.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"remit"
)

// DefaultVersion is the Stripe API version remit answers in when a request
// names none: the version of the OpenAPI description it is built against.
const DefaultVersion = "2026-08-26.dahlia"

// statusClientClosed is logged for a request whose client went away.
const statusClientClosed = 499

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// Server is remit's HTTP API.
type Server struct {
	store    remit.Store
	svc      *remit.Service
	log      *slog.Logger
	now      func() time.Time
	mux      *http.ServeMux
	keys     keyCache
	inflight inflight
}

// New returns a Server over store. log receives one line per request.
func New(store remit.Store, svc *remit.Service, log *slog.Logger) *Server {
	s := &Server{store: store, svc: svc, log: log, now: svc.Now, mux: http.NewServeMux(),
		keys: keyCache{entries: map[string]cachedKey{}}, inflight: inflight{keys: map[string]struct{}{}}}
	s.routes()
	return s
}

// ServeHTTP implements http.Handler: it gives every response a Request-Id,
// logs it, and turns panics into a 500 in Stripe's shape.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	rq := &request{id: s.svc.IDs.NewID(remit.PrefixRequest, 14), version: r.Header.Get("Stripe-Version")}
	if rq.version == "" {
		rq.version = DefaultVersion
	}
	rw := &statusWriter{ResponseWriter: w}
	h := rw.Header()
	h.Set("Request-Id", rq.id)
	h.Set("Stripe-Version", rq.version)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "request_id", rq.id, "panic", p)
			if rw.status == 0 {
				s.writeError(rw, rq, &remit.Error{Kind: remit.KindInternal, Message: internalMessage})
			}
		}
		s.log.Info("request", "request_id", rq.id, "account", rq.scope.Account, "livemode", rq.scope.Livemode,
			"method", r.Method, "path", r.URL.Path, "status", rw.status,
			"duration_ms", float64(s.now().Sub(start).Microseconds())/1000)
	}()
	r = r.WithContext(withRequest(r.Context(), rq))
	s.mux.ServeHTTP(rw, r)
}

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// writeJSON sends a JSON body with status.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// writeError sends err in Stripe's error envelope and logs internal errors
// with the request id.
func (s *Server) writeError(w http.ResponseWriter, rq *request, err error) {
	if errors.Is(err, context.Canceled) && rq.http != nil && rq.http.Context().Err() != nil {
		// The client left before its answer was ready, and the store
		// refused the work (a write that has begun always finishes): not
		// a server error. Nobody reads the answer; the log line shows
		// nginx's 499 "client closed request".
		w.WriteHeader(statusClientClosed)
		return
	}
	status, body := renderError(err)
	if status >= 500 {
		s.log.Error("internal error", "request_id", rq.id, "error", err)
	}
	b, _ := json.Marshal(body)
	writeJSON(w, status, b)
}

// notFound answers an unknown URL, or a known URL with a method it does not
// serve, the way Stripe words it.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r.Context())
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		sort.Strings(allowed)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, rq, &remit.Error{Kind: remit.KindMethodNotAllowed,
			Message: "The method " + r.Method + " is not allowed on " + r.URL.Path + "; it accepts " + strings.Join(allowed, ", ") + "."})
		return
	}
	msg := "Unrecognized request URL (" + r.Method + ": " + r.URL.Path + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
	if strings.HasSuffix(r.URL.Path, "/") && len(r.URL.Path) > 1 {
		msg = "Unrecognized request URL (" + r.Method + ": " + r.URL.Path + "). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
	}
	s.writeError(w, rq, &remit.Error{Kind: remit.KindNotFound, Message: msg})
}

// healthz answers 200 once the server accepts API requests.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
}
