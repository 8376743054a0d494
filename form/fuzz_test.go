package form_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"remit"
	"remit/form"
)

// FuzzParseDecode feeds request bodies through Parse and Decode as the API
// does (expand is taken out and decoded on its own) and checks that nothing
// panics, that every failure is a client error with a message, and that a
// successful decode holds only valid UTF-8 without NUL characters.
func FuzzParseDecode(f *testing.F) {
	seeds := []string{
		// stripe-go v85: raw brackets, indexed arrays, QueryEscape'd values (space as +).
		"description=My+First+Test+Customer+%28created+for+API+docs%29&email=jenny.rosen%40example.com&name=Jenny+Rosen&metadata[order_id]=6735",
		"expand[0]=invoice_settings.default_payment_method&expand[1]=test_clock&email=jenny.rosen%40example.com&payment_method=pm_card_visa&invoice_settings[default_payment_method]=pm_card_visa",
		"address[city]=San+Francisco&address[country]=US&address[line1]=510+Townsend+St&address[postal_code]=94103&address[state]=CA&name=Jenny+Rosen",
		"shipping[address][city]=Paris&shipping[address][line1]=1+Rue+de+Rivoli&shipping[name]=Jenny+Rosen&shipping[phone]=%2B33123456789",
		"invoice_settings[custom_fields][0][name]=PO&invoice_settings[custom_fields][0][value]=12345&invoice_settings[custom_fields][1][name]=VAT&invoice_settings[custom_fields][1][value]=FR123&invoice_settings[footer]=Thank+you",
		"invoice_settings[rendering_options][amount_tax_display]=include_inclusive_tax&invoice_settings[rendering_options][template]=inrtem_123",
		"preferred_locales[0]=en&preferred_locales[1]=fr-FR&tax_exempt=reverse&balance=-500&next_invoice_sequence=10&invoice_prefix=ABCD",
		// stripe-go clearing fields on update.
		"description=&metadata[order_id]=&phone=&invoice_settings[custom_fields]=&invoice_settings[rendering_options]=&shipping=&address=",
		"metadata=&preferred_locales=&tax_exempt=&invoice_settings[default_payment_method]=",
		// stripe-node: qs with indices, RFC 3986 (space as %20).
		"name=Jenny%20Rosen&email=jenny.rosen%40example.com&payment_method=pm_card_visa&invoice_settings[default_payment_method]=pm_card_visa&expand[0]=invoice_settings.default_payment_method",
		"metadata[plan]=pro&metadata[seats]=10&business_name=Acme%2C%20Inc.&individual_name=Jenny%20Rosen",
		// curl and other clients: percent-encoded brackets, [] arrays.
		"metadata%5Bplan%5D=pro&expand%5B%5D=test_clock&preferred_locales%5B%5D=en",
		"expand[]=data.invoice_settings.default_payment_method&expand[]=data.test_clock",
		// List queries.
		"limit=3&starting_after=cus_NffrFeUfNV2Hib&email=jenny.rosen%40example.com",
		"limit=100&ending_before=cus_NffrFeUfNV2Hib&created[gte]=1700000000&created[lt]=1800000000",
		"created=1700000000&test_clock=clock_123",
		// Edge shapes.
		"",
		"a=1&a[b]=2",
		"metadata[a][b]=c",
		"preferred_locales[2]=z&preferred_locales[0]=x&preferred_locales[1000]=y",
		"name=%FF&metadata[%C3]=x",
		"name=a%00b&metadata[k%00]=v&expand[]=%00",
		"=x&&=&[]=&a[=1",
		"invoice_settings[custom_fields][][name]=a&invoice_settings[custom_fields][][value]=b",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tree, err := form.Parse(raw)
		if err != nil {
			checkClientError(t, raw, err)
			return
		}
		if tree == nil {
			t.Fatalf("Parse(%q) returned no tree and no error", raw)
		}
		if n := tree.Remove("expand"); n != nil {
			var e struct {
				Expand []string `form:"expand,max=5000"`
			}
			err := form.Decode(&form.Node{Children: []form.Child{{Key: "expand", Node: n}}}, &e)
			if err != nil {
				checkClientError(t, raw, err)
			} else {
				checkUTF8(t, raw, reflect.ValueOf(e))
			}
		}
		var create remit.CustomerCreateParams
		if err := form.Decode(tree, &create); err != nil {
			checkClientError(t, raw, err)
		} else {
			checkUTF8(t, raw, reflect.ValueOf(create))
		}
		var list remit.CustomerListParams
		if err := form.Decode(tree, &list); err != nil {
			checkClientError(t, raw, err)
		} else {
			checkUTF8(t, raw, reflect.ValueOf(list))
		}
	})
}

func checkClientError(t *testing.T, raw string, err error) {
	t.Helper()
	var e *remit.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T %v is not a *remit.Error", raw, err, err)
	}
	if e.Kind != remit.KindInvalid && e.Kind != remit.KindTooLarge {
		t.Fatalf("%q: error kind %v, want KindInvalid or KindTooLarge: %v", raw, e.Kind, err)
	}
	if e.Message == "" {
		t.Fatalf("%q: error without a message: %+v", raw, e)
	}
}

// checkUTF8 fails if any string reachable from v (map keys included) is
// not valid UTF-8 or holds a NUL: the decoder must refuse such input rather
// than let the store mangle it (or PostgreSQL refuse it).
func checkUTF8(t *testing.T, raw string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			t.Fatalf("%q: decoded invalid UTF-8 %q", raw, v.String())
		}
		if strings.IndexByte(v.String(), 0) >= 0 {
			t.Fatalf("%q: decoded a NUL character in %q", raw, v.String())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkUTF8(t, raw, v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			checkUTF8(t, raw, v.Field(i))
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			checkUTF8(t, raw, v.Index(i))
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			checkUTF8(t, raw, it.Key())
			checkUTF8(t, raw, it.Value())
		}
	}
}
