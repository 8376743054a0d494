package api

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"remit"
)

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// inflight tracks the idempotency keys being served by this process, so that
// a concurrent request with the same key gets Stripe's 409 at once instead of
// queueing behind the first. Across processes the store's transaction
// serializes the two, and the second sees the first's record.
type inflight struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

func (f *inflight) acquire(k string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, busy := f.keys[k]; busy {
		return false
	}
	f.keys[k] = struct{}{}
	return true
}

func (f *inflight) release(k string) {
	f.mu.Lock()
	delete(f.keys, k)
	f.mu.Unlock()
}

// errReplay carries a stored result out of the transaction.
type errReplay struct{ rec *remit.IdempotencyRecord }

func (errReplay) Error() string { return "idempotent replay" }

// idempotent runs a write under an Idempotency-Key. The first request's
// status and body are stored in the transaction that made its changes; a
// later request with the same key and parameters gets them back with
// Idempotent-Replayed: true, one with other parameters an idempotency_error.
// Results of 5xx are not stored, so a retry can succeed.
func (s *Server) idempotent(w http.ResponseWriter, rq *request, key, fp string,
	run func(tx remit.Tx) (int, []byte, error)) {
	ctx := rq.http.Context()
	slot := rq.scope.Account + "\x00" + strconv.FormatBool(rq.scope.Livemode) + "\x00" + key
	if !s.inflight.acquire(slot) {
		s.writeError(w, rq, &remit.Error{Kind: remit.KindConflict, Code: "idempotency_key_in_use",
			Message: "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + key + ". Please try again later."})
		return
	}
	defer s.inflight.release(slot)

	var status int
	var body []byte
	err := s.store.Update(ctx, func(tx remit.Tx) error {
		rec, err := tx.FindIdempotency(ctx, rq.scope, key)
		switch {
		case err == nil && s.now().Sub(rec.Created) < IdempotencyTTL:
			return errReplay{rec}
		case err != nil && !errors.Is(err, remit.ErrNotFound):
			return err
		}
		status, body, err = run(tx)
		if err != nil {
			if remit.ErrorKind(err) == remit.KindInternal {
				return err
			}
			// A client error is a result too: it is stored and replayed.
			var eb errorBody
			status, eb = renderError(err)
			if body, err = marshal(eb); err != nil {
				return err
			}
		}
		return tx.SaveIdempotency(ctx, rq.scope, &remit.IdempotencyRecord{
			Key: key, Method: rq.http.Method, Path: rq.http.URL.Path, Fingerprint: fp,
			Status: status, Body: body, RequestID: rq.id, Created: s.now(),
		})
	})
	var replay errReplay
	switch {
	case errors.As(err, &replay):
		if replay.rec.Fingerprint != fp {
			s.writeError(w, rq, &remit.Error{Kind: remit.KindIdempotency,
				Message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '" + key + "' if you meant to execute a different request."})
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("Original-Request", replay.rec.RequestID)
		writeJSON(w, replay.rec.Status, replay.rec.Body)
	case err != nil:
		s.writeError(w, rq, err)
	default:
		writeJSON(w, status, body)
	}
}
