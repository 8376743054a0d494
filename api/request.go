package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"remit"
	"remit/form"
)

// request is what the API knows about the request being served.
type request struct {
	id      string
	version string
	scope   remit.Scope
	expand  []string
	http    *http.Request
}

type requestKey struct{}

func withRequest(ctx context.Context, rq *request) context.Context {
	return context.WithValue(ctx, requestKey{}, rq)
}

func requestFrom(ctx context.Context) *request {
	rq, _ := ctx.Value(requestKey{}).(*request)
	return rq
}

// takeExpand removes name from the request's expand[] paths and reports
// whether it was there; for includable fields that a handler computes
// itself, such as a search's total_count.
func (rq *request) takeExpand(name string) bool {
	for i, p := range rq.expand {
		if p == name {
			rq.expand = append(rq.expand[:i:i], rq.expand[i+1:]...)
			return true
		}
	}
	return false
}

// path returns a path parameter of the route.
func (rq *request) path(name string) string { return rq.http.PathValue(name) }

// handler runs one endpoint inside a transaction: it receives the decoded
// parameters and returns the object to encode.
type handler[P any] func(ctx context.Context, rq *request, tx remit.Tx, p *P) (any, error)

// get serves a read-only endpoint: parameters come from the query string and
// the handler runs in a read transaction.
func get[P any](s *Server, h handler[P]) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := requestFrom(r.Context())
		p, _, err := prepare[P](s, r, rq)
		if err != nil {
			s.writeError(w, rq, err)
			return
		}
		ctx := r.Context()
		var body []byte
		err = s.store.View(ctx, func(tx remit.Tx) error {
			obj, err := h(ctx, rq, tx, p)
			if err != nil {
				return err
			}
			body, err = s.render(ctx, rq, tx, obj)
			return err
		})
		if err != nil {
			s.writeError(w, rq, err)
			return
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// post serves an endpoint that writes (POST, and DELETE): the handler, the
// rendering of its answer and the idempotency record all share one
// transaction, so a 2xx answer means all of it is committed.
func post[P any](s *Server, h handler[P]) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := requestFrom(r.Context())
		key := r.Header.Get("Idempotency-Key")
		if len(key) > 255 {
			s.writeError(w, rq, remit.Errorf("", "", "The Idempotency-Key header can be at most 255 characters long; yours has %d.", len(key)))
			return
		}
		if !form.ValidText(key) {
			s.writeError(w, rq, remit.Errorf("", "", "The Idempotency-Key header must be valid UTF-8 without NUL characters."))
			return
		}
		p, params, err := prepare[P](s, r, rq)
		if err != nil {
			s.writeError(w, rq, err)
			return
		}
		ctx := r.Context()
		run := func(tx remit.Tx) (int, []byte, error) {
			var body []byte
			err := tx.Nested(ctx, func() error {
				obj, err := h(ctx, rq, tx, p)
				if err != nil {
					return err
				}
				body, err = s.render(ctx, rq, tx, obj)
				return err
			})
			if err != nil {
				return 0, nil, err
			}
			return http.StatusOK, body, nil
		}
		if key == "" {
			var status int
			var body []byte
			err := s.store.Update(ctx, func(tx remit.Tx) (err error) {
				status, body, err = run(tx)
				return err
			})
			if err != nil {
				s.writeError(w, rq, err)
				return
			}
			writeJSON(w, status, body)
			return
		}
		w.Header().Set("Idempotency-Key", key)
		s.idempotent(w, rq, key, fingerprint(r.Method, r.URL.Path, params), run)
	})
}

// prepare authenticates the request and decodes its parameters into a new P.
// It also returns the parsed parameter tree (for idempotency fingerprints).
func prepare[P any](s *Server, r *http.Request, rq *request) (*P, *form.Node, error) {
	rq.http = r
	scope, err := s.authenticate(r.Context(), r)
	if err != nil {
		return nil, nil, err
	}
	rq.scope = scope
	if !form.ValidText(r.URL.Path) {
		// Ids are ASCII: such a path names nothing (and PostgreSQL could
		// not even compare it with one).
		return nil, nil, &remit.Error{Kind: remit.KindNotFound, Code: "resource_missing", Param: "id",
			Message: "No such object: the URL path " + r.URL.EscapedPath() + " holds invalid UTF-8 or a NUL character, which no id contains."}
	}
	raw, err := rawParams(r)
	if err != nil {
		return nil, nil, err
	}
	tree, err := form.Parse(raw)
	if err != nil {
		return nil, nil, err
	}
	if n := tree.Remove("expand"); n != nil {
		var e struct {
			Expand []string `form:"expand,max=5000"`
		}
		if err := form.Decode(&form.Node{Children: []form.Child{{Key: "expand", Node: n}}}, &e); err != nil {
			return nil, nil, err
		}
		if err := checkExpand(e.Expand); err != nil {
			return nil, nil, err
		}
		rq.expand = e.Expand
		defer func() { tree.Children = append(tree.Children, form.Child{Key: "expand", Node: n}) }()
	}
	p := new(P)
	if err := form.Decode(tree, p); err != nil {
		return nil, nil, err
	}
	return p, tree, nil
}

// rawParams returns the encoded parameters: the query string of GET and
// DELETE requests (stripe-node sends DELETE parameters there), the body of
// POST requests.
func rawParams(r *http.Request) (string, error) {
	if r.Method != http.MethodPost {
		return r.URL.RawQuery, nil
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/x-www-form-urlencoded" && mt != "" {
			return "", remit.Errorf("", "", "Invalid request: remit accepts request bodies encoded as application/x-www-form-urlencoded, not %s.", mt)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return "", &remit.Error{Kind: remit.KindTooLarge, Message: "The request body is larger than the limit of 1 MiB."}
	}
	if err != nil {
		return "", remit.Errorf("", "", "The request body could not be read: %v", err)
	}
	raw := string(body)
	if q := r.URL.RawQuery; q != "" {
		if raw != "" {
			raw += "&"
		}
		raw += q
	}
	return raw, nil
}

// fingerprint identifies a request's meaning: method, path and the parsed
// parameters in a canonical order, so that two encodings of the same
// parameters (indexed or [] arrays, raw or escaped brackets) match.
func fingerprint(method, path string, params *form.Node) string {
	h := sha256.New()
	h.Write([]byte(method + " " + path + "\n"))
	writeCanonical(h, params)
	return hex.EncodeToString(h.Sum(nil))
}

func writeCanonical(w io.Writer, n *form.Node) {
	if n.Leaf {
		io.WriteString(w, "="+quote(n.Value))
		return
	}
	children := append([]form.Child(nil), n.Children...)
	if isArray(children) {
		// "a[]=x" and "a[0]=x" are the same array: an appended item counts
		// at its position, as the decoder places it. The index stays in the
		// fingerprint: the same brackets encode hashes with numeric keys
		// (metadata[0]=x&metadata[5]=y), where 5 and 1 are different keys.
		type item struct {
			idx  int
			node *form.Node
		}
		items := make([]item, len(children))
		for pos, c := range children {
			idx := index(c.Key)
			if idx < 0 {
				idx = pos
			}
			items[pos] = item{idx, c.Node}
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].idx < items[j].idx })
		io.WriteString(w, "[")
		for _, it := range items {
			io.WriteString(w, strconv.Itoa(it.idx)+":")
			writeCanonical(w, it.node)
			io.WriteString(w, ",")
		}
		io.WriteString(w, "]")
		return
	}
	// Objects are compared regardless of key order.
	sort.Slice(children, func(i, j int) bool { return children[i].Key < children[j].Key })
	io.WriteString(w, "{")
	for _, c := range children {
		io.WriteString(w, quote(c.Key))
		writeCanonical(w, c.Node)
		io.WriteString(w, ",")
	}
	io.WriteString(w, "}")
}

// isArray reports whether every child is appended ("") or indexed ("0").
func isArray(children []form.Child) bool {
	for _, c := range children {
		if index(c.Key) < -1 {
			return false
		}
	}
	return len(children) > 0
}

// index returns -1 for an appended item, the index of an indexed one, and
// -2 for a named child.
func index(k string) int {
	if k == "" {
		return -1
	}
	n, err := strconv.Atoi(k)
	if err != nil || n < 0 || k != strconv.Itoa(n) {
		return -2 // "00" and "+1" are names, not indexes
	}
	return n
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
