package remit

import (
	"crypto/rand"
	"time"
)

// Id prefixes, as Stripe spells them.
const (
	PrefixAccount       = "acct_"
	PrefixCustomer      = "cus_"
	PrefixPaymentMethod = "pm_"
	PrefixRequest       = "req_"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// IDGenerator makes object ids. It is an interface so tests can make ids
// deterministic; production uses RandomIDs.
type IDGenerator interface {
	// NewID returns prefix followed by n base62 characters.
	NewID(prefix string, n int) string
}

// RandomIDs generates ids that start with the creation time and end with
// random characters. The time part (7 base62 characters of milliseconds)
// makes ids created later sort later, so inserts append to the end of the
// primary-key B-tree instead of touching a random page of it, as with
// UUIDv7 or ULIDs. The random part (crypto/rand) has n-7 characters: 7 of
// them carry 41 bits per millisecond, so ids never collide in practice.
type RandomIDs struct {
	Now func() time.Time // nil means time.Now
}

// idTimeChars is the length of the time part; 62^7 milliseconds last 111 years.
const idTimeChars = 7

// NewID implements IDGenerator. n must be more than 7.
func (g RandomIDs) NewID(prefix string, n int) string {
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	ms := now().UnixMilli()
	var t [idTimeChars]byte
	for i := idTimeChars - 1; i >= 0; i-- {
		t[i] = base62[ms%62]
		ms /= 62
	}
	return prefix + string(t[:]) + RandomString(n-idTimeChars, base62)
}

// RandomString returns n characters drawn uniformly from alphabet (at most 256
// characters) using crypto/rand, without modulo bias.
func RandomString(n int, alphabet string) string {
	out := make([]byte, n)
	// Reject bytes at or above the largest multiple of len(alphabet) that fits in a byte.
	limit := 256 - 256%len(alphabet)
	var buf [64]byte
	for i := 0; i < n; {
		rand.Read(buf[:])
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out[i] = alphabet[int(b)%len(alphabet)]
			i++
			if i == n {
				break
			}
		}
	}
	return string(out)
}
