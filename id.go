package remit

import (
	"crypto/rand"
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
	// NewID returns prefix followed by n random base62 characters.
	NewID(prefix string, n int) string
}

// RandomIDs generates ids from crypto/rand: 14 base62 characters carry 83 bits,
// so two ids of one prefix never collide in practice.
type RandomIDs struct{}

// NewID implements IDGenerator.
func (RandomIDs) NewID(prefix string, n int) string {
	return prefix + RandomString(n, base62)
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
