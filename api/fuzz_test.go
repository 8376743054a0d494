package api_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"remit/internal/remittest"
)

// FuzzCustomerEndpoints sends arbitrary form bodies and query strings to
// the customer endpoints (create, update, list, search) and checks that
// every answer is Stripe-shaped: never a 5xx, always a JSON object that
// is either a resource (with "object") or an error (with "error.type" and
// "error.message"). `make test` runs a short fuzz pass; plain `go test`
// runs the seeds.
func FuzzCustomerEndpoints(f *testing.F) {
	for _, seed := range []string{
		"",
		"email=jenny.rosen@example.com&name=Jenny+Rosen",
		"metadata[order_id]=6735&metadata[]=x",
		"metadata=&description=",
		"address[line1]=1+Main&address[country]=US&shipping[name]=J&shipping[address][city]=X",
		"preferred_locales[]=en&preferred_locales[]=fr-FR&preferred_locales[0]=de",
		"invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b",
		"balance=-9223372036854775808&next_invoice_sequence=99999999999999999999",
		"tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=DE123456789",
		"payment_method=pm_card_visa&invoice_settings[default_payment_method]=pm_card_visa",
		"expand[]=tax_ids&expand[]=data.tax_ids&expand[0]=discount.coupon",
		"limit=101&starting_after=cus_x&created[gt]=abc",
		"query=email:'a@b.co' AND name~'jen'&limit=3&page=zz",
		"query=-metadata['k']:null OR created>=1700000000",
		"a[b][c][d][e][f][g]=1&a[][x]=1&a[][y]=2&%5B%5D=1&name=%ff%fe",
		"tax_exempt=reverse&tax[ip_address]=::1&tax[validate_location]=immediately",
	} {
		f.Add(seed)
	}
	srv := remittest.Start(f)
	created, body := srv.Do(f, "POST", "/v1/customers", "name=Fuzz+Target")
	if created.StatusCode != 200 {
		f.Fatalf("create the customer to update: %d %s", created.StatusCode, body)
	}
	var target struct{ ID string }
	if err := json.Unmarshal(body, &target); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, form string) {
		if len(form) > 8<<10 {
			return
		}
		if _, err := url.ParseQuery(form); err != nil {
			// Not a form body: covered by the form package's own fuzz
			// target; here the interest is what the endpoints do with
			// well-formed but arbitrary parameters.
			return
		}
		for _, rq := range []struct{ method, path, body string }{
			{"POST", "/v1/customers", form},
			{"POST", "/v1/customers/" + target.ID, form},
			{"GET", "/v1/customers?" + escapeQuery(form), ""},
			{"GET", "/v1/customers/search?" + escapeQuery(form), ""},
		} {
			resp, b := srv.Do(t, rq.method, rq.path, rq.body)
			if resp.StatusCode >= 500 {
				t.Fatalf("%s %s %q: status %d: %s", rq.method, rq.path, rq.body, resp.StatusCode, b)
			}
			var shape struct {
				Object string `json:"object"`
				Error  *struct {
					Type    string `json:"type"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal(b, &shape); err != nil {
				t.Fatalf("%s %s %q: status %d, body is not JSON: %v: %s", rq.method, rq.path, rq.body, resp.StatusCode, err, b)
			}
			switch {
			case resp.StatusCode == 200 && shape.Object == "":
				t.Fatalf("%s %s %q: 200 without an object: %s", rq.method, rq.path, rq.body, b)
			case resp.StatusCode != 200 && (shape.Error == nil || shape.Error.Type == "" || shape.Error.Message == ""):
				t.Fatalf("%s %s %q: status %d without a Stripe error: %s", rq.method, rq.path, rq.body, resp.StatusCode, b)
			}
		}
	})
}

// escapeQuery percent-encodes the bytes of a form that may not appear raw
// in a URL's query (spaces, controls, non-ASCII, '#', quotes...), keeping
// its separators and existing escapes, as an HTTP client would send it.
func escapeQuery(form string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(form); i++ {
		c := form[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("#\"<>\\^`{|}", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
