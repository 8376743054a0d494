package form_test

import (
	"testing"

	"remit"
	"remit/form"
)

// benchCustomerBody is a typical POST /v1/customers body as stripe-go sends
// it (raw brackets, indexed arrays, QueryEscape'd values): the strings,
// three metadata keys, a full address, two preferred locales and two expand
// paths.
const benchCustomerBody = "address[city]=San+Francisco&address[country]=US&address[line1]=510+Townsend+St" +
	"&address[line2]=Suite+400&address[postal_code]=94103&address[state]=CA" +
	"&description=My+First+Test+Customer+%28created+for+API+docs%29" +
	"&email=jenny.rosen%40example.com" +
	"&expand[0]=invoice_settings.default_payment_method&expand[1]=test_clock" +
	"&metadata[order_id]=6735&metadata[plan]=pro&metadata[source]=web+signup" +
	"&name=Jenny+Rosen&phone=%2B15555550123" +
	"&preferred_locales[0]=en&preferred_locales[1]=fr-FR"

// benchExpand is where the API decodes expand[] into, after taking it out of
// the tree (api/request.go).
type benchExpand struct {
	Expand []string `form:"expand,max=5000"`
}

// benchParseDecode does what the API does with a request body: Parse, take
// expand out and decode it on its own, then decode the rest into the
// customer create parameters.
func benchParseDecode(raw string) (*remit.CustomerCreateParams, []string, error) {
	tree, err := form.Parse(raw)
	if err != nil {
		return nil, nil, err
	}
	var e benchExpand
	if n := tree.Remove("expand"); n != nil {
		if err := form.Decode(&form.Node{Children: []form.Child{{Key: "expand", Node: n}}}, &e); err != nil {
			return nil, nil, err
		}
	}
	p := new(remit.CustomerCreateParams)
	if err := form.Decode(tree, p); err != nil {
		return nil, nil, err
	}
	return p, e.Expand, nil
}

// BenchmarkParseDecodeCustomerCreate measures the whole form stage of a
// customer create: Parse of a typical body (name, email, phone, description,
// 3 metadata keys, address, preferred_locales, expand) plus both Decodes, as
// api/request.go runs them.
func BenchmarkParseDecodeCustomerCreate(b *testing.B) {
	p, expand, err := benchParseDecode(benchCustomerBody)
	if err != nil {
		b.Fatal(err)
	}
	if p.Email.Value != "jenny.rosen@example.com" || len(p.Metadata.Value) != 3 || len(expand) != 2 ||
		p.PreferredLocales == nil || len(*p.PreferredLocales) != 2 || p.Address.Value.Line2 == nil {
		b.Fatalf("unexpected decode: %+v expand=%v", p, expand)
	}
	b.SetBytes(int64(len(benchCustomerBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := benchParseDecode(benchCustomerBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCustomerCreate measures Parse alone on the same body:
// percent-decoding and building the Node tree.
func BenchmarkParseCustomerCreate(b *testing.B) {
	b.SetBytes(int64(len(benchCustomerBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := form.Parse(benchCustomerBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCustomerCreate measures Decode alone: the parsed tree
// (expand already taken out, as the API does) into a fresh
// remit.CustomerCreateParams. Decode does not change the tree, so one tree
// parsed before the timer serves every iteration.
func BenchmarkDecodeCustomerCreate(b *testing.B) {
	tree, err := form.Parse(benchCustomerBody)
	if err != nil {
		b.Fatal(err)
	}
	tree.Remove("expand")
	b.ReportAllocs()
	for b.Loop() {
		var p remit.CustomerCreateParams
		if err := form.Decode(tree, &p); err != nil {
			b.Fatal(err)
		}
	}
}
