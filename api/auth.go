package api

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"remit"
)

// keyCacheTTL bounds how long a key stays trusted without asking the store,
// so that authentication costs no transaction on the hot path.
const keyCacheTTL = time.Minute

type keyCache struct {
	mu      sync.RWMutex
	entries map[string]cachedKey
}

type cachedKey struct {
	key     remit.APIKey
	expires time.Time
}

const noKeyMessage = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."

// credentials extracts the API key from Bearer or Basic auth (key as user name).
func credentials(r *http.Request) string {
	h := r.Header.Get("Authorization")
	scheme, value, _ := strings.Cut(h, " ")
	switch strings.ToLower(scheme) {
	case "bearer":
		return strings.TrimSpace(value)
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(value))
		if err != nil {
			return ""
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user
	}
	return ""
}

// authenticate resolves the request's key to a scope. Only secret keys may
// call the endpoints served here.
func (s *Server) authenticate(ctx context.Context, r *http.Request) (remit.Scope, error) {
	key := credentials(r)
	if key == "" {
		return remit.Scope{}, &remit.Error{Kind: remit.KindUnauthorized, Message: noKeyMessage}
	}
	invalid := func() error {
		return &remit.Error{Kind: remit.KindUnauthorized, Message: "Invalid API Key provided: " + remit.MaskKey(key)}
	}
	if _, _, ok := remit.KeyKind(key); !ok || len(key) > 255 {
		return remit.Scope{}, invalid()
	}
	k, err := s.lookupKey(ctx, remit.HashKey(key))
	if errors.Is(err, remit.ErrNotFound) {
		return remit.Scope{}, invalid()
	}
	if err != nil {
		return remit.Scope{}, err
	}
	if k.Kind != remit.KeySecret {
		return remit.Scope{}, &remit.Error{Kind: remit.KindUnauthorized, Code: "secret_key_required",
			Message: "This API call cannot be made with a publishable API key. Please use a secret API key."}
	}
	return remit.Scope{Account: k.Account, Livemode: k.Livemode}, nil
}

func (s *Server) lookupKey(ctx context.Context, hash string) (remit.APIKey, error) {
	now := s.now()
	s.keys.mu.RLock()
	e, ok := s.keys.entries[hash]
	s.keys.mu.RUnlock()
	if ok && now.Before(e.expires) {
		return e.key, nil
	}
	var k *remit.APIKey
	err := s.store.View(ctx, func(tx remit.Tx) error {
		var err error
		k, err = tx.FindAPIKey(ctx, hash)
		return err
	})
	if err != nil {
		return remit.APIKey{}, err
	}
	s.keys.mu.Lock()
	s.keys.entries[hash] = cachedKey{*k, now.Add(keyCacheTTL)}
	s.keys.mu.Unlock()
	return *k, nil
}
