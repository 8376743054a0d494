package testcard

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestLookupRepresentative(t *testing.T) {
	generic := &Decline{Code: "card_declined", DeclineCode: "generic_decline",
		Message: "Your card was declined.", AdviceCode: "try_again_later"}
	expired := &Decline{Code: "expired_card", DeclineCode: "expired_card",
		Message: "Your card has expired.", Param: "exp_month", AdviceCode: "confirm_card_data"}

	tests := []struct {
		id   string
		want Card
	}{
		{"pm_card_visa", Card{Number: "4242424242424242", Brand: "visa", DisplayBrand: "visa", Funding: "credit",
			Country: "US", Last4: "4242", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
		{"pm_card_us", Card{Number: "4242424242424242", Brand: "visa", DisplayBrand: "visa", Funding: "credit",
			Country: "US", Last4: "4242", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
		{"pm_card_mastercard_prepaid", Card{Number: "5105105105105100", Brand: "mastercard", DisplayBrand: "mastercard",
			Funding: "prepaid", Country: "US", Last4: "5100", Networks: []string{"mastercard"}, ThreeDSecureSupported: true}},
		{"pm_card_amex", Card{Number: "378282246310005", Brand: "amex", DisplayBrand: "american_express",
			Funding: "credit", Country: "US", Last4: "0005", Networks: []string{"amex"}}},
		{"pm_card_jcb", Card{Number: "3566002020360505", Brand: "jcb", DisplayBrand: "jcb", Funding: "credit",
			Country: "JP", Last4: "0505", Networks: []string{"jcb"}, ThreeDSecureSupported: true}},
		{"pm_card_visa_cartesBancaires", Card{Number: "4000002500001001", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "FR", Last4: "1001", Networks: []string{"cartes_bancaires", "visa"}, ThreeDSecureSupported: true}},
		{"pm_card_de", Card{Number: "4000002760000016", Brand: "visa", DisplayBrand: "visa", Funding: "credit",
			Country: "DE", Last4: "0016", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
		{"pm_card_gb_debit", Card{Number: "4000058260000005", Brand: "visa", DisplayBrand: "visa", Funding: "debit",
			Country: "GB", Last4: "0005", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
		{"pm_card_th_debit", Card{Number: "4000057640000008", Brand: "visa", DisplayBrand: "visa", Funding: "debit",
			Country: "TH", Last4: "0008", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
		{"pm_card_visa_chargeDeclined", Card{Number: "4000000000000002", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "US", Last4: "0002", Networks: []string{"visa"}, ThreeDSecureSupported: true,
			AttachDecline: generic, ChargeDecline: generic}},
		{"pm_card_chargeDeclined", Card{Number: "4000000000000002", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "US", Last4: "0002", Networks: []string{"visa"}, ThreeDSecureSupported: true,
			AttachDecline: generic, ChargeDecline: generic}},
		{"pm_card_chargeDeclinedExpiredCard", Card{Number: "4000000000000069", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "US", Last4: "0069", Networks: []string{"visa"}, ThreeDSecureSupported: true,
			AttachDecline: expired, ChargeDecline: expired}},
		{"pm_card_chargeCustomerFail", Card{Number: "4000000000000341", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "US", Last4: "0341", Networks: []string{"visa"}, ThreeDSecureSupported: true,
			ChargeDecline: generic}},
		{"pm_card_bypassPendingInternational", Card{Number: "4000003720000278", Brand: "visa", DisplayBrand: "visa",
			Funding: "credit", Country: "IE", Last4: "0278", Networks: []string{"visa"}, ThreeDSecureSupported: true}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, ok := Lookup(tt.id)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tt.id)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Lookup(%q) =\n%+v\nwant\n%+v", tt.id, got, tt.want)
			}
		})
	}
}

func TestDeclineDetails(t *testing.T) {
	tests := []struct {
		id                                    string
		code, declineCode, param, advice, msg string
	}{
		{"pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "", "try_again_later", "Your card has insufficient funds."},
		{"pm_card_visa_chargeDeclinedLostCard", "card_declined", "lost_card", "", "do_not_try_again", "Your card was declined."},
		{"pm_card_chargeDeclinedStolenCard", "card_declined", "stolen_card", "", "do_not_try_again", "Your card was declined."},
		{"tok_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc", "cvc", "confirm_card_data", "Your card's security code is incorrect."},
		{"tok_visa_chargeDeclinedProcessingError", "processing_error", "processing_error", "", "try_again_later", "An error occurred while processing your card. Try again in a little bit."},
		{"pm_card_visa_chargeDeclinedVelocityLimitExceeded", "card_declined", "card_velocity_exceeded", "", "", "Your card was declined."},
		{"tok_visa_chargeDeclinedFraudulent", "card_declined", "fraudulent", "", "", "Your card was declined."},
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.id)
		if !ok {
			t.Errorf("Lookup(%q) not found", tt.id)
			continue
		}
		want := Decline{Code: tt.code, DeclineCode: tt.declineCode, Message: tt.msg, Param: tt.param, AdviceCode: tt.advice}
		if c.AttachDecline == nil || *c.AttachDecline != want {
			t.Errorf("%s: AttachDecline = %+v, want %+v", tt.id, c.AttachDecline, want)
		}
		if c.ChargeDecline == nil || *c.ChargeDecline != want {
			t.Errorf("%s: ChargeDecline = %+v, want %+v", tt.id, c.ChargeDecline, want)
		}
	}
}

func TestChargeCustomerFailFamily(t *testing.T) {
	tests := map[string]string{
		"pm_card_chargeCustomerFail":            "generic_decline",
		"tok_chargeCustomerFail":                "generic_decline",
		"tok_visa_chargeCustomerFail":           "generic_decline",
		"tok_visa_chargeCustomerFailLostCard":   "lost_card",
		"tok_visa_chargeCustomerFailStolenCard": "stolen_card",
	}
	for id, declineCode := range tests {
		c, ok := Lookup(id)
		if !ok {
			t.Errorf("Lookup(%q) not found", id)
			continue
		}
		if c.AttachDecline != nil {
			t.Errorf("%s: AttachDecline = %+v, want nil", id, c.AttachDecline)
		}
		if c.ChargeDecline == nil || c.ChargeDecline.Code != "card_declined" || c.ChargeDecline.DeclineCode != declineCode {
			t.Errorf("%s: ChargeDecline = %+v, want card_declined/%s", id, c.ChargeDecline, declineCode)
		}
		if c.Number != "4000000000000341" {
			t.Errorf("%s: Number = %s", id, c.Number)
		}
	}
}

func TestAttachableSpecialCards(t *testing.T) {
	for _, id := range []string{
		"pm_card_radarBlock", "pm_card_riskLevelHighest", "pm_card_cvcCheckFail", "pm_card_createDispute",
		"pm_card_refundFail", "pm_card_authenticationRequired", "pm_card_threeDSecure2Required",
		"pm_card_threeDSecureRequiredChargeDeclined", "pm_card_threeDSecureRequired",
	} {
		c, ok := Lookup(id)
		if !ok {
			t.Errorf("Lookup(%q) not found", id)
			continue
		}
		if c.AttachDecline != nil {
			t.Errorf("%s: AttachDecline = %+v, want nil", id, c.AttachDecline)
		}
	}
	countries := map[string]string{
		"pm_card_authenticationRequiredOnSetup":                         "FR",
		"pm_card_authenticationRequired":                                "DE",
		"pm_card_authenticationRequiredSetupForOffSession":              "IT",
		"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds": "GB",
		"pm_card_createDispute":                                         "US",
		"pm_card_radarBlock":                                            "US",
	}
	for id, want := range countries {
		if c, _ := Lookup(id); c.Country != want {
			t.Errorf("%s: Country = %q, want %q", id, c.Country, want)
		}
	}
}

func TestTokTwinEqualsPM(t *testing.T) {
	pm, _ := Lookup("pm_card_visa")
	tok, ok := Lookup("tok_visa")
	if !ok || !reflect.DeepEqual(pm, tok) {
		t.Errorf("tok_visa = %+v, want %+v", tok, pm)
	}
}

// pm_card_ ids for which the doc documents no tok_ twin.
var noTokTwin = map[string]bool{
	"pm_card_authenticationRequiredOnSetup":                         true,
	"pm_card_authenticationRequired":                                true,
	"pm_card_authenticationRequiredSetupForOffSession":              true,
	"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds": true,
	"pm_card_threeDSecureRequired":                                  true,
}

func TestInvariants(t *testing.T) {
	all := IDs()
	if !slices.IsSorted(all) {
		t.Error("IDs() not sorted")
	}
	if len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Error("IDs() has duplicates")
	}
	funding := map[string]bool{"credit": true, "debit": true, "prepaid": true, "unknown": true}
	for _, id := range all {
		if !strings.HasPrefix(id, "pm_card_") && !strings.HasPrefix(id, "tok_") {
			t.Errorf("%s: neither pm_card_ nor tok_", id)
		}
		c, ok := Lookup(id)
		if !ok {
			t.Errorf("%s listed by IDs() but Lookup fails", id)
			continue
		}
		if !luhn(c.Number) {
			t.Errorf("%s: %s fails Luhn", id, c.Number)
		}
		if len(c.Number) < 4 || c.Last4 != c.Number[len(c.Number)-4:] {
			t.Errorf("%s: Last4 %q does not match %s", id, c.Last4, c.Number)
		}
		if want, ok := displayBrands[c.Brand]; !ok || c.DisplayBrand != want {
			t.Errorf("%s: brand %q with display_brand %q", id, c.Brand, c.DisplayBrand)
		}
		if !slices.Contains(c.Networks, c.Brand) || !slices.IsSorted(c.Networks) || len(c.Networks) > 2 {
			t.Errorf("%s: networks %v inconsistent with brand %q", id, c.Networks, c.Brand)
		}
		for _, n := range c.Networks {
			if _, ok := displayBrands[n]; !ok || n == "unknown" {
				t.Errorf("%s: unknown network %q", id, n)
			}
		}
		if want := brandOfNumber(c.Number); c.Brand != want {
			t.Errorf("%s: brand %q but number %s looks like %q", id, c.Brand, c.Number, want)
		}
		if !funding[c.Funding] {
			t.Errorf("%s: funding %q", id, c.Funding)
		}
		if len(c.Country) != 2 || strings.ToUpper(c.Country) != c.Country {
			t.Errorf("%s: country %q", id, c.Country)
		}
		if c.AttachDecline != nil && (c.ChargeDecline == nil || *c.ChargeDecline != *c.AttachDecline) {
			t.Errorf("%s: AttachDecline %+v but ChargeDecline %+v", id, c.AttachDecline, c.ChargeDecline)
		}
		for _, d := range []*Decline{c.AttachDecline, c.ChargeDecline} {
			if d != nil && (d.Code == "" || d.Message == "") {
				t.Errorf("%s: incomplete decline %+v", id, d)
			}
		}
		if c.Brand == "amex" && c.ThreeDSecureSupported {
			t.Errorf("%s: amex 378282246310005 does not support 3DS", id)
		}

		if name, ok := strings.CutPrefix(id, "pm_card_"); ok {
			twin := "tok_" + name
			tc, ok := Lookup(twin)
			switch {
			case noTokTwin[id] && ok:
				t.Errorf("%s: undocumented twin %s accepted", id, twin)
			case !noTokTwin[id] && !ok:
				t.Errorf("%s: missing twin %s", id, twin)
			case ok && !reflect.DeepEqual(c, tc):
				t.Errorf("%s: twin %s differs: %+v vs %+v", id, twin, c, tc)
			}
		}
	}
}

func TestLookupRejects(t *testing.T) {
	for _, id := range []string{"", "pm_1xyz", "pm_1Abc", "tok_1Abc", "pm_card_", "tok_", "pm_card_VISA",
		"pm_card_visa ", "card_visa", "pm_card_unknownThing", "tok_4242424242424242"} {
		if c, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) = %+v, true; want false", id, c)
		}
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	c, _ := Lookup("pm_card_visa_chargeDeclined")
	c.Networks[0] = "mutated"
	c.AttachDecline.Code = "mutated"
	c.ChargeDecline.Message = "mutated"
	again, _ := Lookup("pm_card_visa_chargeDeclined")
	if again.Networks[0] != "visa" || again.AttachDecline.Code != "card_declined" ||
		again.ChargeDecline.Message != "Your card was declined." {
		t.Errorf("catalog modified through a Lookup result: %+v", again)
	}
	ids := IDs()
	ids[0] = "mutated"
	if IDs()[0] == "mutated" {
		t.Error("catalog modified through IDs()")
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("acct_1", "4242424242424242")
	if len(a) != 16 {
		t.Fatalf("len(%q) = %d, want 16", a, len(a))
	}
	for _, r := range a {
		if !strings.ContainsRune(base62, r) {
			t.Errorf("%q: non-base62 character %q", a, r)
		}
	}
	if b := Fingerprint("acct_1", "4242424242424242"); b != a {
		t.Errorf("not stable: %q vs %q", a, b)
	}
	if b := Fingerprint("acct_1", "4242 4242 4242 4242"); b != a {
		t.Errorf("spaces change the fingerprint: %q vs %q", a, b)
	}
	if b := Fingerprint("acct_2", "4242424242424242"); b == a {
		t.Errorf("same fingerprint %q across accounts", a)
	}
	if b := Fingerprint("acct_1", "5555555555554444"); b == a {
		t.Errorf("same fingerprint %q for different numbers", a)
	}
	visa, _ := Lookup("pm_card_visa")
	us, _ := Lookup("tok_us")
	if Fingerprint("acct_1", visa.Number) != Fingerprint("acct_1", us.Number) {
		t.Error("pm_card_visa and tok_us are the same number but differ in fingerprint")
	}
}

func TestLuhnHelper(t *testing.T) {
	if luhn("4242424242424241") {
		t.Error("4242424242424241 must fail Luhn")
	}
	if !luhn("4242424242424242") || !luhn("378282246310005") {
		t.Error("valid numbers fail Luhn")
	}
}

// brandOfNumber guesses the brand from the number's prefix (IIN ranges of
// the catalog's numbers only).
func brandOfNumber(n string) string {
	switch {
	case strings.HasPrefix(n, "4"):
		return "visa"
	case strings.HasPrefix(n, "5"), strings.HasPrefix(n, "2"):
		return "mastercard"
	case strings.HasPrefix(n, "34"), strings.HasPrefix(n, "37"):
		return "amex"
	case strings.HasPrefix(n, "6011"), strings.HasPrefix(n, "65"):
		return "discover"
	case strings.HasPrefix(n, "30"), strings.HasPrefix(n, "36"), strings.HasPrefix(n, "38"):
		return "diners"
	case strings.HasPrefix(n, "35"):
		return "jcb"
	case strings.HasPrefix(n, "62"):
		return "unionpay"
	}
	return "unknown"
}

func luhn(number string) bool {
	if number == "" {
		return false
	}
	sum := 0
	for i := range len(number) {
		d := int(number[len(number)-1-i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
