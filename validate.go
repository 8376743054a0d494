package remit

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Metadata limits, as Stripe documents them.
const (
	MaxMetadataKeys     = 50
	MaxMetadataKeyLen   = 40
	MaxMetadataValueLen = 500
)

// ApplyMetadata merges the metadata parameter p into current and returns the
// result: "metadata=" clears everything, "metadata[k]=" removes k, any other
// value sets k. The result is checked against Stripe's limits.
func ApplyMetadata(current map[string]string, p Metadata) (map[string]string, error) {
	out := make(map[string]string, len(current)+len(p.Value))
	if !p.Set {
		for k, v := range current {
			out[k] = v
		}
		return out, nil
	}
	if p.Empty {
		return out, nil
	}
	for k, v := range current {
		out[k] = v
	}
	for k, v := range p.Value {
		param := "metadata[" + k + "]"
		if utf8.RuneCountInString(k) > MaxMetadataKeyLen {
			return nil, Errorf("", param, "Metadata keys can have up to %d characters; %q has %d.", MaxMetadataKeyLen, k, utf8.RuneCountInString(k))
		}
		if v == "" {
			delete(out, k)
			continue
		}
		if utf8.RuneCountInString(v) > MaxMetadataValueLen {
			return nil, Errorf("", param, "Metadata values can have up to %d characters; the value for %q has %d.", MaxMetadataValueLen, k, utf8.RuneCountInString(v))
		}
		out[k] = v
	}
	if len(out) > MaxMetadataKeys {
		return nil, Errorf("", "metadata", "You can have up to %d metadata keys; this request would leave %d.", MaxMetadataKeys, len(out))
	}
	return out, nil
}

// invoicePrefixPattern is Stripe's rule: 3 to 12 uppercase letters or digits.
var invoicePrefixPattern = regexp.MustCompile(`^[A-Z0-9]{3,12}$`)

// ValidateInvoicePrefix checks a client-chosen invoice prefix.
func ValidateInvoicePrefix(p string) error {
	if !invoicePrefixPattern.MatchString(p) {
		return Errorf("", "invoice_prefix", "Invalid invoice_prefix: %q. It must be 3 to 12 uppercase letters or numbers.", truncated(p))
	}
	return nil
}

// MaxInvoiceSequence is the largest invoice sequence number Stripe allows.
const MaxInvoiceSequence = 1_000_000_000

// MaxBalance bounds a customer balance in minor units (about 10^12, far above
// any real invoice) so that sums can never overflow int64.
const MaxBalance = 1_000_000_000_000

// ValidateEmail applies Stripe's lenient email check: one "@" with text on
// both sides, a dot in the domain, and no spaces.
func ValidateEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(email, " \t\r\n") ||
		strings.Contains(domain, "@") || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return &Error{Kind: KindInvalid, Code: "email_invalid", Param: "email",
			Message: fmt.Sprintf("Invalid email address: %s", truncated(email))}
	}
	return nil
}

func truncated(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}
