// Package testcard is the catalog of Stripe's magic test payment-method ids
// (pm_card_visa, tok_visa, pm_card_de, pm_card_visa_chargeDeclined,
// pm_card_chargeCustomerFail, ...): which card each one stands for and how
// that card behaves when attached or charged. It is pure data and lookup,
// with no I/O; the server turns a Card into a real card PaymentMethod.
package testcard

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// Card is what one of Stripe's test payment-method ids stands for.
type Card struct {
	Number       string   // full PAN, e.g. "4242424242424242"
	Brand        string   // payment_method.card.brand: amex, cartes_bancaires, diners, discover, eftpos_au, jcb, mastercard, unionpay, visa, unknown
	DisplayBrand string   // american_express, cartes_bancaires, diners_club, discover, eftpos_australia, jcb, mastercard, union_pay, visa, other
	Funding      string   // credit, debit, prepaid, unknown
	Country      string   // ISO-2 issuer country
	Last4        string   // last 4 digits of Number
	Networks     []string // networks.available, sorted, e.g. ["visa"], co-branded: ["cartes_bancaires","visa"]

	// ThreeDSecureSupported is three_d_secure_usage.supported.
	ThreeDSecureSupported bool

	// AttachDecline is non-nil for cards that cannot be attached to a
	// customer (the "declines" table): attaching fails with this card_error.
	AttachDecline *Decline
	// ChargeDecline is non-nil for cards that attach fine but whose every
	// charge fails (pm_card_chargeCustomerFail and friends), and for
	// declining cards too (then it equals AttachDecline).
	ChargeDecline *Decline
}

// Decline is a card_error as Stripe answers it (HTTP 402).
type Decline struct {
	Code        string // card_declined, expired_card, incorrect_cvc, processing_error, ...
	DeclineCode string // generic_decline, insufficient_funds, lost_card, ... ("" when none)
	Message     string // customer-facing text, e.g. "Your card was declined."
	Param       string // e.g. exp_month for expired_card, cvc for incorrect_cvc, "" otherwise
	AdviceCode  string // try_again_later, do_not_try_again, confirm_card_data, or ""
}

// Lookup returns the card a magic id stands for. It accepts every pm_card_*
// id and every tok_* twin listed in section 1 of stripe-tables.md (brands,
// co-branded, HSA/FSA, countries, declines incl. the legacy un-infixed
// aliases, chargeCustomerFail, Radar, disputes/refunds, 3DS), and reports
// false for anything else (including real-looking ids like "pm_1Abc").
// Matching is exact and case-sensitive. The returned Card is a fresh copy
// (its Networks slice and Decline values included): callers may modify it.
func Lookup(id string) (Card, bool) {
	c, ok := catalog[id]
	if !ok {
		return Card{}, false
	}
	c.Networks = slices.Clone(c.Networks)
	if c.AttachDecline != nil {
		d := *c.AttachDecline
		c.AttachDecline = &d
	}
	if c.ChargeDecline != nil {
		d := *c.ChargeDecline
		c.ChargeDecline = &d
	}
	return c, true
}

// IDs returns every accepted magic id, sorted, for tests and docs. The slice
// is a fresh copy on each call.
func IDs() []string {
	return slices.Clone(sortedIDs)
}

// Fingerprint returns the card fingerprint Stripe would show: 16 base62
// characters, stable for the same card number within one account and
// different across accounts (HMAC-SHA256 keyed by account id over the
// number). Spaces and dashes in number are ignored, so "4242 4242 4242 4242"
// and "4242424242424242" share a fingerprint.
func Fingerprint(account, number string) string {
	number = strings.NewReplacer(" ", "", "-", "").Replace(number)
	mac := hmac.New(sha256.New, []byte(account))
	mac.Write([]byte(number))
	n := new(big.Int).SetBytes(mac.Sum(nil))
	base := big.NewInt(int64(len(base62)))
	digit := new(big.Int)
	out := make([]byte, fingerprintLen)
	for i := range out {
		n.DivMod(n, base, digit)
		out[i] = base62[digit.Int64()]
	}
	return string(out)
}

const (
	base62         = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	fingerprintLen = 16
)

// displayBrands maps payment_method.card.brand to card.display_brand.
var displayBrands = map[string]string{
	"amex":             "american_express",
	"cartes_bancaires": "cartes_bancaires",
	"diners":           "diners_club",
	"discover":         "discover",
	"eftpos_au":        "eftpos_australia",
	"jcb":              "jcb",
	"mastercard":       "mastercard",
	"unionpay":         "union_pay",
	"visa":             "visa",
	"unknown":          "other",
}

// row is one line of the catalog table in cards.go.
type row struct {
	ids     ids    // every magic id standing for this card
	number  string // full PAN
	last4   string // as printed in the doc; checked against number by tests
	brand   string
	funding string
	country string
	traits  traits
}

// ids lists the magic ids of one row.
type ids []string

// traits are the less common properties of a row.
type traits struct {
	cobrand     string   // second network of a co-branded card, "" if none
	no3DS       bool     // three_d_secure_usage.supported is false
	declined    *Decline // cannot attach; every charge fails the same way
	chargeFails *Decline // attaches; every charge fails
}

var (
	plain = traits{}
	no3DS = traits{no3DS: true}
)

func cobrand(network string) traits { return traits{cobrand: network} }
func declined(d *Decline) traits    { return traits{declined: d} }
func chargeFails(d *Decline) traits { return traits{chargeFails: d} }

// card builds the Card of a row.
func (r row) card() Card {
	networks := []string{r.brand}
	if r.traits.cobrand != "" {
		networks = append(networks, r.traits.cobrand)
		slices.Sort(networks)
	}
	display, ok := displayBrands[r.brand]
	if !ok {
		panic(fmt.Sprintf("testcard: unknown brand %q for %v", r.brand, r.ids))
	}
	c := Card{
		Number:                r.number,
		Brand:                 r.brand,
		DisplayBrand:          display,
		Funding:               r.funding,
		Country:               r.country,
		Last4:                 r.last4,
		Networks:              networks,
		ThreeDSecureSupported: !r.traits.no3DS,
		ChargeDecline:         r.traits.chargeFails,
	}
	if d := r.traits.declined; d != nil {
		c.AttachDecline = d
		c.ChargeDecline = d
	}
	return c
}

var (
	catalog   = map[string]Card{}
	sortedIDs []string
)

func init() {
	for _, r := range table {
		c := r.card()
		for _, id := range r.ids {
			if _, dup := catalog[id]; dup {
				panic("testcard: duplicate id " + id)
			}
			catalog[id] = c
			sortedIDs = append(sortedIDs, id)
		}
	}
	slices.Sort(sortedIDs)
}
