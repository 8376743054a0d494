package form_test

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"remit"
	"remit/form"
)

// render writes a tree compactly, children in order: {a:{b:"c"},d:{[]:"x"}}.
func render(n *form.Node) string {
	if n.Leaf {
		return strconv.Quote(n.Value)
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range n.Children {
		if i > 0 {
			b.WriteByte(',')
		}
		if c.Key == "" {
			b.WriteString("[]")
		} else {
			b.WriteString(c.Key)
		}
		b.WriteByte(':')
		b.WriteString(render(c.Node))
	}
	b.WriteByte('}')
	return b.String()
}

// wantErr describes an expected *remit.Error. An empty message is not
// checked; a message ending in "*" is a prefix.
type wantErr struct {
	code, param, message string
}

func checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error %+v, got nil", want)
	}
	var e *remit.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *remit.Error, got %T %v", err, err)
	}
	if e.Kind != remit.KindInvalid {
		t.Errorf("kind = %v, want KindInvalid", e.Kind)
	}
	if e.Code != want.code {
		t.Errorf("code = %q, want %q", e.Code, want.code)
	}
	if e.Param != want.param {
		t.Errorf("param = %q, want %q", e.Param, want.param)
	}
	if e.Message == "" {
		t.Errorf("empty message")
	}
	switch {
	case want.message == "":
	case strings.HasSuffix(want.message, "*"):
		if !strings.HasPrefix(e.Message, strings.TrimSuffix(want.message, "*")) {
			t.Errorf("message = %q, want prefix %q", e.Message, strings.TrimSuffix(want.message, "*"))
		}
	case e.Message != want.message:
		t.Errorf("message = %q, want %q", e.Message, want.message)
	}
}

func TestParse(t *testing.T) {
	deep8 := "a[1][2][3][4][5][6][7]"
	key1000 := strings.Repeat("k", form.MaxKey)
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", `{}`},
		{"plain", "a=1&b=2", `{a:"1",b:"2"}`},
		{"nested", "a[b][c]=x", `{a:{b:{c:"x"}}}`},
		{"siblings merge", "a[b]=1&a[c]=2&a[b2][x]=3&a[b2][y]=4", `{a:{b:"1",c:"2",b2:{x:"3",y:"4"}}}`},
		{"append", "a[]=x&a[]=y&a[]=x", `{a:{[]:"x",[]:"y",[]:"x"}}`},
		{"append nested", "a[b][]=x&a[b][]=y", `{a:{b:{[]:"x",[]:"y"}}}`},
		{"indexed", "a[0]=x&a[1]=y", `{a:{0:"x",1:"y"}}`},
		{"indexed objects", "f[0][name]=PO&f[0][value]=1&f[1][name]=R", `{f:{0:{name:"PO",value:"1"},1:{name:"R"}}}`},
		{"encoded brackets", "a%5Bb%5D%5B%5D=x", `{a:{b:{[]:"x"}}}`},
		{"encoded brackets lower case", "a%5bb%5d=x", `{a:{b:"x"}}`},
		{"raw and encoded brackets merge", "a[b]=1&a%5Bc%5D=2", `{a:{b:"1",c:"2"}}`},
		{"plus is space", "a=hello+world", `{a:"hello world"}`},
		{"%20 is space", "a=hello%20world", `{a:"hello world"}`},
		{"encoded plus", "a=1%2B1", `{a:"1+1"}`},
		{"plus in key", "a+b=1", `{a b:"1"}`},
		{"encoded ampersand and equals", "a=x%26y%3Dz", `{a:"x&y=z"}`},
		{"equals in value", "a=b=c", `{a:"b=c"}`},
		{"utf-8", "name=J%C3%BCrgen", `{name:"Jürgen"}`},
		{"brackets in value", "a=%5Bx%5D&b=[y]", `{a:"[x]",b:"[y]"}`},
		{"no value", "a&b=", `{a:"",b:""}`},
		{"empty pairs skipped", "&&a=1&&b=2&", `{a:"1",b:"2"}`},
		{"repeated key last wins", "a=1&b=2&a=3", `{a:"3",b:"2"}`},
		{"repeated nested key last wins", "a[b]=1&a[b]=2", `{a:{b:"2"}}`},
		{"repeated index last wins", "a[0]=x&a[0]=y", `{a:{0:"y"}}`},
		{"order of first appearance", "z=1&a[y]=2&m=3&a[b]=4", `{z:"1",a:{y:"2",b:"4"},m:"3"}`},
		{"max depth", deep8 + "=x", `{a:{1:{2:{3:{4:{5:{6:{7:"x"}}}}}}}}`},
		{"max key length", key1000 + "=x", `{` + key1000 + `:"x"}`},
		{"max pairs", strings.TrimSuffix(strings.Repeat("a[]=1&", form.MaxPairs), "&"), `{a:{` + strings.TrimSuffix(strings.Repeat(`[]:"1",`, form.MaxPairs), ",") + `}}`},
		{"empty pairs not counted", strings.Repeat("&", 3*form.MaxPairs) + "a=1", `{a:"1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := form.Parse(tt.raw)
			if err != nil {
				t.Fatalf("Parse(%.80q): %v", tt.raw, err)
			}
			if got := render(n); got != tt.want {
				t.Errorf("Parse(%.80q)\n got  %.300s\n want %.300s", tt.raw, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	conflict := func(k string) string {
		return "Invalid parameter " + k + ": it is sent both as a value and as a hash or array."
	}
	unbalanced := func(k string) string {
		return "Invalid parameter name " + strconv.Quote(k) + ": unbalanced brackets."
	}
	deep9 := "a[1][2][3][4][5][6][7][8]"
	tests := []struct {
		name, raw string
		want      wantErr
	}{
		{"value then hash", "a=1&a[b]=2", wantErr{"", "a[b]", conflict("a[b]")}},
		{"hash then value", "a[b]=2&a=1", wantErr{"", "a", conflict("a")}},
		{"value then array", "a=1&a[]=2", wantErr{"", "a[]", conflict("a[]")}},
		{"array then value", "a[0]=1&a=2", wantErr{"", "a", conflict("a")}},
		{"nested value then hash", "a[b]=1&a[b][c]=2", wantErr{"", "a[b][c]", conflict("a[b][c]")}},
		{"nested hash then value", "x=0&a[b][c]=1&a[b]=2", wantErr{"", "a[b]", conflict("a[b]")}},
		{"empty value conflicts too", "a=&a[b]=2", wantErr{"", "a[b]", conflict("a[b]")}},
		{"unclosed", "a[b=1", wantErr{"", "a[b", unbalanced("a[b")}},
		{"unclosed encoded", "a%5Bb=1", wantErr{"", "a[b", unbalanced("a[b")}},
		{"close without open", "a]=1", wantErr{"", "a]", unbalanced("a]")}},
		{"close before open", "a][b]=1", wantErr{"", "a][b]", unbalanced("a][b]")}},
		{"double close", "a[b]]=1", wantErr{"", "a[b]]", unbalanced("a[b]]")}},
		{"text after bracket", "a[b]c=1", wantErr{"", "a[b]c", unbalanced("a[b]c")}},
		{"nested open", "a[b[c]]=1", wantErr{"", "a[b[c]]", unbalanced("a[b[c]]")}},
		{"no name", "[a]=1", wantErr{"", "[a]", unbalanced("[a]")}},
		{"trailing open", "a[b][=1", wantErr{"", "a[b][", unbalanced("a[b][")}},
		{"too deep", deep9 + "=x", wantErr{"", deep9, "Parameter " + deep9 + " is nested too deeply (at most 8 levels)."}},
		{"too deep encoded", "a%5B1%5D[2][3][4][5][6][7][8]=x", wantErr{"", deep9, "Parameter " + deep9 + " is nested too deeply (at most 8 levels)."}},
		{"too many pairs", strings.Repeat("a=1&", form.MaxPairs) + "b=2", wantErr{"", "", "Too many parameters: a request may carry at most 2000."}},
		{"key too long", strings.Repeat("k", form.MaxKey+1) + "=x", wantErr{"", "", "Parameter name too long: at most 1000 characters."}},
		{"bad escape in key", "a%zz=1", wantErr{"", "", `Invalid URL encoding in parameter name "a%zz".`}},
		{"truncated escape in key", "a%5=1", wantErr{"", "", `Invalid URL encoding in parameter name "a%5".`}},
		{"bad escape in value", "a[b]=%G1", wantErr{"", "a[b]", "Invalid URL encoding in the value of a[b]."}},
		{"lone percent in value", "a=%", wantErr{"", "a", "Invalid URL encoding in the value of a."}},
		{"truncated escape in value", "ok=1&a=50%4", wantErr{"", "a", "Invalid URL encoding in the value of a."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := form.Parse(tt.raw)
			if n != nil {
				t.Errorf("Parse returned a tree with its error: %s", render(n))
			}
			checkErr(t, err, tt.want)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func set[T any](v T) remit.Emptyable[T] { return remit.Emptyable[T]{Set: true, Value: v} }

func empty[T any]() remit.Emptyable[T] { return remit.Emptyable[T]{Set: true, Empty: true} }

func decode(t *testing.T, raw string, dst any) error {
	t.Helper()
	n, err := form.Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%.80q): %v", raw, err)
	}
	return form.Decode(n, dst)
}

func TestDecodeCustomerCreate(t *testing.T) {
	type P = remit.CustomerCreateParams
	type CP = remit.CustomerParams
	tests := []struct {
		name, raw string
		want      P
	}{
		{"nothing", "", P{}},
		{"strings", "name=Jenny+Rosen&email=jenny.rosen%40example.com&description=First%20customer&phone=%2B15555550123",
			P{CustomerParams: CP{Name: set("Jenny Rosen"), Email: set("jenny.rosen@example.com"),
				Description: set("First customer"), Phone: set("+15555550123")}}},
		{"integers", "balance=-500&next_invoice_sequence=7",
			P{CustomerParams: CP{Balance: ptr(int64(-500)), NextInvoiceSequence: ptr(int64(7))}}},
		{"int64 extremes", "balance=-9223372036854775808&next_invoice_sequence=9223372036854775807",
			P{CustomerParams: CP{Balance: ptr(int64(-1 << 63)), NextInvoiceSequence: ptr(int64(1<<63 - 1))}}},
		{"create only", "payment_method=pm_card_visa&test_clock=clock_1",
			P{PaymentMethod: ptr("pm_card_visa"), TestClock: ptr("clock_1")}},
		{"invoice prefix", "invoice_prefix=ABC", P{CustomerParams: CP{InvoicePrefix: ptr("ABC")}}},
		{"address", "address[line1]=1+Main+St&address[city]=Paris&address[country]=FR&address[postal_code]=75001",
			P{CustomerParams: CP{Address: set(remit.Address{Line1: ptr("1 Main St"), City: ptr("Paris"), Country: ptr("FR"), PostalCode: ptr("75001")})}}},
		{"shipping", "shipping[name]=Jenny&shipping[address][line1]=1+Main&shipping[phone]=555",
			P{CustomerParams: CP{Shipping: set(remit.ShippingParams{Name: "Jenny", Address: remit.Address{Line1: ptr("1 Main")}, Phone: ptr("555")})}}},
		{"shipping with empty address hash order", "shipping[address][city]=X&shipping[name]=N",
			P{CustomerParams: CP{Shipping: set(remit.ShippingParams{Name: "N", Address: remit.Address{City: ptr("X")}})}}},
		{"metadata keeps empty values", "metadata[plan]=pro&metadata[old]=&metadata[a+b]=c%26d",
			P{CustomerParams: CP{Metadata: set(map[string]string{"plan": "pro", "old": "", "a b": "c&d"})}}},
		{"metadata encoded brackets", "metadata%5Border_id%5D=6735",
			P{CustomerParams: CP{Metadata: set(map[string]string{"order_id": "6735"})}}},
		{"tax exempt", "tax_exempt=reverse", P{CustomerParams: CP{TaxExempt: set("reverse")}}},
		{"preferred locales appended", "preferred_locales[]=en&preferred_locales[]=fr-FR",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{"en", "fr-FR"})}}},
		{"preferred locales indexed", "preferred_locales[0]=en&preferred_locales[1]=fr",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{"en", "fr"})}}},
		{"preferred locales gaps out of order", "preferred_locales[2]=z&preferred_locales[0]=x",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{"x", "z"})}}},
		{"preferred locales numeric order", "preferred_locales[10]=c&preferred_locales[9]=b&preferred_locales[1]=a",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{"a", "b", "c"})}}},
		{"preferred locales max index", "preferred_locales[1000]=en",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{"en"})}}},
		{"preferred locales empty array", "preferred_locales=",
			P{CustomerParams: CP{PreferredLocales: ptr([]string{})}}},
		{"invoice settings", "invoice_settings[custom_fields][0][name]=PO&invoice_settings[custom_fields][0][value]=42" +
			"&invoice_settings[custom_fields][1][name]=Ref&invoice_settings[custom_fields][1][value]=X" +
			"&invoice_settings[default_payment_method]=pm_1&invoice_settings[footer]=Thanks" +
			"&invoice_settings[rendering_options][amount_tax_display]=include_inclusive_tax&invoice_settings[rendering_options][template]=inrtem_1",
			P{CustomerParams: CP{InvoiceSettings: &remit.InvoiceSettingsParams{
				CustomFields:         set([]remit.CustomField{{Name: "PO", Value: "42"}, {Name: "Ref", Value: "X"}}),
				DefaultPaymentMethod: set("pm_1"),
				Footer:               set("Thanks"),
				RenderingOptions: set(remit.RenderingOptionsParams{
					AmountTaxDisplay: set("include_inclusive_tax"), Template: ptr("inrtem_1")}),
			}}}},
		{"custom fields out of order", "invoice_settings[custom_fields][1][value]=2&invoice_settings[custom_fields][1][name]=b" +
			"&invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=1",
			P{CustomerParams: CP{InvoiceSettings: &remit.InvoiceSettingsParams{
				CustomFields: set([]remit.CustomField{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}})}}}},
		{"empty invoice settings parts", "invoice_settings[custom_fields]=&invoice_settings[footer]=&invoice_settings[rendering_options]=&invoice_settings[default_payment_method]=",
			P{CustomerParams: CP{InvoiceSettings: &remit.InvoiceSettingsParams{
				CustomFields: empty[[]remit.CustomField](), Footer: empty[string](),
				RenderingOptions: empty[remit.RenderingOptionsParams](), DefaultPaymentMethod: empty[string]()}}}},
		{"max length in characters", "name=" + strings.Repeat("%C3%A9", 256) + "&phone=" + strings.Repeat("%E2%98%8E", 20),
			P{CustomerParams: CP{Name: set(strings.Repeat("é", 256)), Phone: set(strings.Repeat("☎", 20))}}},
		{"emoji counts as one character", "phone=" + strings.Repeat("%F0%9F%98%80", 20),
			P{CustomerParams: CP{Phone: set(strings.Repeat("😀", 20))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got P
			if err := decode(t, tt.raw, &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%.100q)\n got  %+v\n want %+v", tt.raw, got, tt.want)
			}
		})
	}
}

// TestDecodeEmpty checks that "" clears exactly the emptyable parameters and
// is parameter_invalid_empty for every other one.
func TestDecodeEmpty(t *testing.T) {
	emptyable := map[string]func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}]{}
	flag := func(set, empty bool) remit.Emptyable[struct{}] {
		return remit.Emptyable[struct{}]{Set: set, Empty: empty}
	}
	is := func(p *remit.CustomerCreateParams) *remit.InvoiceSettingsParams {
		if p.InvoiceSettings == nil {
			return &remit.InvoiceSettingsParams{}
		}
		return p.InvoiceSettings
	}
	emptyable["address"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.Address.Set, p.Address.Empty)
	}
	emptyable["business_name"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.BusinessName.Set, p.BusinessName.Empty)
	}
	emptyable["description"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.Description.Set, p.Description.Empty)
	}
	emptyable["email"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] { return flag(p.Email.Set, p.Email.Empty) }
	emptyable["individual_name"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.IndividualName.Set, p.IndividualName.Empty)
	}
	emptyable["metadata"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.Metadata.Set, p.Metadata.Empty)
	}
	emptyable["name"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] { return flag(p.Name.Set, p.Name.Empty) }
	emptyable["phone"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] { return flag(p.Phone.Set, p.Phone.Empty) }
	emptyable["shipping"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.Shipping.Set, p.Shipping.Empty)
	}
	emptyable["tax_exempt"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(p.TaxExempt.Set, p.TaxExempt.Empty)
	}
	emptyable["invoice_settings[custom_fields]"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(is(p).CustomFields.Set, is(p).CustomFields.Empty)
	}
	emptyable["invoice_settings[default_payment_method]"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(is(p).DefaultPaymentMethod.Set, is(p).DefaultPaymentMethod.Empty)
	}
	emptyable["invoice_settings[footer]"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(is(p).Footer.Set, is(p).Footer.Empty)
	}
	emptyable["invoice_settings[rendering_options]"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		return flag(is(p).RenderingOptions.Set, is(p).RenderingOptions.Empty)
	}
	emptyable["invoice_settings[rendering_options][amount_tax_display]"] = func(p *remit.CustomerCreateParams) remit.Emptyable[struct{}] {
		ro := is(p).RenderingOptions.Value
		return flag(ro.AmountTaxDisplay.Set, ro.AmountTaxDisplay.Empty)
	}
	for name, get := range emptyable {
		t.Run(name, func(t *testing.T) {
			var p remit.CustomerCreateParams
			if err := decode(t, name+"=", &p); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got := get(&p); !got.Set || !got.Empty {
				t.Errorf("%s= decoded as Set=%v Empty=%v, want both true", name, got.Set, got.Empty)
			}
		})
	}

	invalidEmpty := func(p string) wantErr {
		return wantErr{"parameter_invalid_empty", p, "You passed an empty string for '" + p +
			"'. We assume empty values are an attempt to unset a parameter; however '" + p +
			"' cannot be unset. You should remove '" + p + "' from your request or supply a non-empty value."}
	}
	notEmptyable := []string{
		"balance", "invoice_prefix", "next_invoice_sequence", "invoice_settings", "payment_method", "test_clock",
		"address[line1]", "address[city]",
		"invoice_settings[rendering_options][template]",
	}
	for _, name := range notEmptyable {
		t.Run(name, func(t *testing.T) {
			var p remit.CustomerCreateParams
			checkErr(t, decode(t, name+"=", &p), invalidEmpty(name))
		})
	}
	t.Run("shipping[name]", func(t *testing.T) {
		var p remit.CustomerCreateParams
		checkErr(t, decode(t, "shipping[address][line1]=x&shipping[name]=", &p), invalidEmpty("shipping[name]"))
	})
	t.Run("shipping[phone]", func(t *testing.T) {
		var p remit.CustomerCreateParams
		checkErr(t, decode(t, "shipping[name]=n&shipping[phone]=&shipping[address][line1]=x", &p), invalidEmpty("shipping[phone]"))
	})
	t.Run("custom field name", func(t *testing.T) {
		var p remit.CustomerCreateParams
		checkErr(t, decode(t, "invoice_settings[custom_fields][0][name]=&invoice_settings[custom_fields][0][value]=v", &p),
			invalidEmpty("invoice_settings[custom_fields][0][name]"))
	})
	t.Run("array item", func(t *testing.T) {
		var p remit.CustomerCreateParams
		checkErr(t, decode(t, "preferred_locales[]=en&preferred_locales[]=", &p), invalidEmpty("preferred_locales[1]"))
	})
	for _, name := range []string{"limit", "starting_after", "ending_before", "email", "created", "created[gte]", "created[lt]"} {
		t.Run("list "+name, func(t *testing.T) {
			var p remit.CustomerListParams
			checkErr(t, decode(t, name+"=", &p), invalidEmpty(name))
		})
	}
}

func TestDecodeCustomerErrors(t *testing.T) {
	unknown := func(p string) wantErr {
		return wantErr{"parameter_unknown", p, "Received unknown parameter: " + p}
	}
	invalidInt := func(p, v string) wantErr {
		return wantErr{"parameter_invalid_integer", p, "Invalid integer: " + v}
	}
	missing := func(p string) wantErr {
		return wantErr{"parameter_missing", p, "Missing required param: " + p + "."}
	}
	longName := strings.Repeat("é", 257) // 514 bytes; truncated to 100 bytes in the message
	tests := []struct {
		name, raw string
		want      wantErr
	}{
		{"unknown top level", "name=x&foo=1", unknown("foo")},
		{"unknown hash at top level", "foo[bar]=1", unknown("foo")},
		{"unknown is case sensitive", "Name=x", unknown("Name")},
		{"expand is not a customer parameter", "expand[0]=sources", unknown("expand")},
		{"unknown in address", "address[line1]=x&address[zip]=1", unknown("address[zip]")},
		{"unknown in shipping address", "shipping[name]=n&shipping[address][zip]=1", unknown("shipping[address][zip]")},
		{"unknown deep", "invoice_settings[rendering_options][foo]=x", unknown("invoice_settings[rendering_options][foo]")},
		{"unknown in array item", "invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b&invoice_settings[custom_fields][0][x]=c",
			unknown("invoice_settings[custom_fields][0][x]")},
		{"appended into object", "address[]=x", unknown("address[]")},
		{"appended into nested object", "invoice_settings[]=x", unknown("invoice_settings[]")},

		{"float for integer", "balance=1.5", invalidInt("balance", "1.5")},
		{"word for integer", "balance=abc", invalidInt("balance", "abc")},
		{"integer overflow", "balance=9223372036854775808", invalidInt("balance", "9223372036854775808")},
		{"hex integer", "next_invoice_sequence=0x10", invalidInt("next_invoice_sequence", "0x10")},
		{"spaces around integer", "balance=+1+", invalidInt("balance", " 1 ")},
		{"long integer truncated", "balance=" + strings.Repeat("9", 150), invalidInt("balance", strings.Repeat("9", 100)+"...")},
		{"integer as hash", "balance[x]=1", wantErr{"", "balance", "Invalid integer: balance must be a single value, not a hash or array."}},
		{"integer as array", "balance[]=1", wantErr{"", "balance", "Invalid integer: balance must be a single value, not a hash or array."}},
		{"string as hash", "name[first]=J", wantErr{"", "name", "Invalid string: name must be a single value, not a hash or array."}},

		{"max length in characters", "name=" + strings.Repeat("%C3%A9", 257),
			wantErr{"", "name", "Invalid string: " + longName[:100] + "...; must be at most 256 characters"}},
		{"max length multi-byte phone", "phone=" + strings.Repeat("%E2%98%8E", 21),
			wantErr{"", "phone", "Invalid string: " + strings.Repeat("☎", 21) + "; must be at most 20 characters"}},
		{"max length ascii", "phone=" + strings.Repeat("1", 21),
			wantErr{"", "phone", "Invalid string: " + strings.Repeat("1", 21) + "; must be at most 20 characters"}},
		{"max length nested", "invoice_settings[custom_fields][0][name]=" + strings.Repeat("n", 41) + "&invoice_settings[custom_fields][0][value]=v",
			wantErr{"", "invoice_settings[custom_fields][0][name]", "Invalid string: " + strings.Repeat("n", 41) + "; must be at most 40 characters"}},
		{"invalid utf-8", "name=%FF", wantErr{"", "name", "Invalid string: name must be valid UTF-8."}},
		{"invalid utf-8 nested", "address[city]=a%C3", wantErr{"", "address[city]", "Invalid string: address[city] must be valid UTF-8."}},
		{"NUL", "name=a%00b", wantErr{"", "name", "Invalid string: name must not contain the NUL character (%00)."}},
		{"NUL nested", "address[city]=%00", wantErr{"", "address[city]", "Invalid string: address[city] must not contain the NUL character (%00)."}},

		{"enum", "tax_exempt=maybe", wantErr{"", "tax_exempt", "Invalid tax_exempt: must be one of exempt, none, or reverse"}},
		{"enum is case sensitive", "tax_exempt=NONE", wantErr{"", "tax_exempt", "Invalid tax_exempt: must be one of exempt, none, or reverse"}},
		{"enum of two", "invoice_settings[rendering_options][amount_tax_display]=all",
			wantErr{"", "invoice_settings[rendering_options][amount_tax_display]",
				"Invalid invoice_settings[rendering_options][amount_tax_display]: must be one of exclude_tax or include_inclusive_tax"}},

		{"shipping without name", "shipping[address][line1]=x", missing("shipping[name]")},
		{"shipping without address", "shipping[name]=x", missing("shipping[address]")},
		{"custom field without value", "invoice_settings[custom_fields][0][name]=PO", missing("invoice_settings[custom_fields][0][value]")},
		{"second custom field without name", "invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b&invoice_settings[custom_fields][1][value]=c",
			missing("invoice_settings[custom_fields][1][name]")},

		{"object as value", "shipping=x", wantErr{"", "shipping", "Invalid object: shipping must be a hash of parameters, not a single value."}},
		{"nested object as value", "invoice_settings[rendering_options]=x",
			wantErr{"", "invoice_settings[rendering_options]", "Invalid object: invoice_settings[rendering_options] must be a hash of parameters, not a single value."}},
		{"array as value", "preferred_locales=en",
			wantErr{"", "preferred_locales", "Invalid array: preferred_locales must be an array (preferred_locales[]=value or preferred_locales[0]=value)."}},
		{"array of objects as value", "invoice_settings[custom_fields]=x",
			wantErr{"", "invoice_settings[custom_fields]", "Invalid array: invoice_settings[custom_fields] must be an array (invoice_settings[custom_fields][]=value or invoice_settings[custom_fields][0]=value)."}},
		{"array with named key", "preferred_locales[x]=en",
			wantErr{"", "preferred_locales[x]", `Invalid array: preferred_locales must be indexed by integers, not "x".`}},
		{"array with negative index", "preferred_locales[-1]=en",
			wantErr{"", "preferred_locales[-1]", `Invalid array: preferred_locales must be indexed by integers, not "-1".`}},
		{"array with leading zero", "preferred_locales[01]=en",
			wantErr{"", "preferred_locales[01]", `Invalid array: preferred_locales must be indexed by integers, not "01".`}},
		{"array with plus sign", "preferred_locales[%2B1]=en",
			wantErr{"", "preferred_locales[+1]", `Invalid array: preferred_locales must be indexed by integers, not "+1".`}},
		{"array index over max", "preferred_locales[1001]=en",
			wantErr{"", "preferred_locales[1001]", "Invalid array index 1001: at most 1000."}},
		{"array index overflow", "preferred_locales[99999999999999999999]=en",
			wantErr{"", "preferred_locales[99999999999999999999]", `Invalid array: preferred_locales must be indexed by integers, not "99999999999999999999".`}},
		{"array item as hash", "preferred_locales[0][x]=en",
			wantErr{"", "preferred_locales[0]", "Invalid string: preferred_locales[0] must be a single value, not a hash or array."}},
		{"array item too long", "preferred_locales[]=" + strings.Repeat("x", 5001),
			wantErr{"", "preferred_locales[0]", "Invalid string: " + strings.Repeat("x", 100) + "...; must be at most 5000 characters"}},

		{"metadata nested hash", "metadata[a][b]=c",
			wantErr{"", "metadata[a]", "Invalid value for metadata[a]: it must be a string, not a hash or array."}},
		{"metadata array value", "metadata[a][]=c",
			wantErr{"", "metadata[a]", "Invalid value for metadata[a]: it must be a string, not a hash or array."}},
		{"metadata appended", "metadata[]=c",
			wantErr{"", "metadata[]", "Invalid hash: metadata needs named keys, not metadata[]."}},
		{"metadata as value", "metadata=x",
			wantErr{"", "metadata", "Invalid hash: metadata must be a hash of keys and values (metadata[key]=value)."}},
		{"metadata invalid utf-8 value", "metadata[a]=%FF",
			wantErr{"", "metadata[a]", "Invalid string: metadata[a] must be valid UTF-8."}},
		{"metadata invalid utf-8 key", "metadata[%FF]=a",
			wantErr{"", "metadata[\xff]", "Invalid string: metadata[\xff] must be valid UTF-8."}},
		{"metadata NUL value", "metadata[a]=x%00",
			wantErr{"", "metadata[a]", "Invalid string: metadata[a] must not contain the NUL character (%00)."}},
		{"metadata NUL key", "metadata[a%00]=x",
			wantErr{"", "metadata[a\x00]", "Invalid string: metadata[a\x00] must not contain the NUL character (%00)."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p remit.CustomerCreateParams
			checkErr(t, decode(t, tt.raw, &p), tt.want)
		})
	}

	t.Run("create-only parameter on update", func(t *testing.T) {
		var p remit.CustomerParams
		checkErr(t, decode(t, "name=x&payment_method=pm_card_visa", &p), unknown("payment_method"))
	})
}

func TestDecodeCustomerList(t *testing.T) {
	type L = remit.CustomerListParams
	type LP = remit.ListParams
	tests := []struct {
		name, raw string
		want      L
	}{
		{"nothing", "", L{}},
		{"paging", "limit=3&starting_after=cus_1", L{ListParams: LP{Limit: ptr(int64(3)), StartingAfter: ptr("cus_1")}}},
		{"ending before", "ending_before=cus_2&limit=100", L{ListParams: LP{Limit: ptr(int64(100)), EndingBefore: ptr("cus_2")}}},
		{"email kept as sent", "email=Jenny%40Example.COM", L{Email: ptr("Jenny@Example.COM")}},
		{"created scalar", "created=123", L{ListParams: LP{Created: &remit.RangeFilter{Equals: ptr(int64(123))}}}},
		{"created negative", "created=-5", L{ListParams: LP{Created: &remit.RangeFilter{Equals: ptr(int64(-5))}}}},
		{"created gte", "created[gte]=1", L{ListParams: LP{Created: &remit.RangeFilter{GTE: ptr(int64(1))}}}},
		{"created bounds", "created[gt]=1&created[lt]=5&created[gte]=2&created[lte]=4",
			L{ListParams: LP{Created: &remit.RangeFilter{GT: ptr(int64(1)), GTE: ptr(int64(2)), LT: ptr(int64(5)), LTE: ptr(int64(4))}}}},
		{"created encoded brackets", "created%5Blte%5D=9", L{ListParams: LP{Created: &remit.RangeFilter{LTE: ptr(int64(9))}}}},
		{"test clock", "test_clock=clock_1", L{TestClock: ptr("clock_1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got L
			if err := decode(t, tt.raw, &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%q)\n got  %+v\n want %+v", tt.raw, got, tt.want)
			}
		})
	}

	errs := []struct {
		name, raw string
		want      wantErr
	}{
		{"limit not integer", "limit=ten", wantErr{"parameter_invalid_integer", "limit", "Invalid integer: ten"}},
		{"created not integer", "created=yesterday", wantErr{"parameter_invalid_integer", "created", "Invalid integer: yesterday"}},
		{"created bound not integer", "created[gte]=1e3", wantErr{"parameter_invalid_integer", "created[gte]", "Invalid integer: 1e3"}},
		{"created unknown bound", "created[eq]=1", wantErr{"parameter_unknown", "created[eq]", "Received unknown parameter: created[eq]"}},
		{"created appended", "created[]=1", wantErr{"parameter_unknown", "created[]", "Received unknown parameter: created[]"}},
		{"created bound as hash", "created[gte][x]=1", wantErr{"", "created[gte]", "Invalid integer: created[gte] must be a single value, not a hash or array."}},
		{"customer parameter on list", "name=x", wantErr{"parameter_unknown", "name", "Received unknown parameter: name"}},
		{"email too long", "email=" + strings.Repeat("a", 513), wantErr{"", "email", "Invalid string: " + strings.Repeat("a", 100) + "...; must be at most 512 characters"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			var p L
			checkErr(t, decode(t, tt.raw, &p), tt.want)
		})
	}
}

// kitchen exercises the decoder features that the customer parameters do
// not use: booleans, decimals, required top-level fields, plain maps,
// integer arrays and enums on plain strings.
type kitchen struct {
	ID     string            `form:"id,required,max=5"`
	Flag   *bool             `form:"flag"`
	Plain  bool              `form:"plain"`
	Ratio  *float64          `form:"ratio"`
	Nums   []int64           `form:"nums"`
	Color  string            `form:"color,enum=red|green|blue"`
	Labels map[string]string `form:"labels"`
	Note   remit.Emptyable[string]
	Inner
}

// Inner is embedded without a tag, so its fields are flattened.
type Inner struct {
	Depth *int64 `form:"depth"`
}

func TestDecodeKitchen(t *testing.T) {
	tests := []struct {
		name, raw string
		want      kitchen
	}{
		{"minimal", "id=a", kitchen{ID: "a"}},
		{"bool true", "id=a&flag=true&plain=true", kitchen{ID: "a", Flag: ptr(true), Plain: true}},
		{"bool false", "id=a&flag=false", kitchen{ID: "a", Flag: ptr(false)}},
		{"decimal", "id=a&ratio=1.25", kitchen{ID: "a", Ratio: ptr(1.25)}},
		{"int array", "id=a&nums[1]=2&nums[0]=1", kitchen{ID: "a", Nums: []int64{1, 2}}},
		{"empty int array", "id=a&nums=", kitchen{ID: "a", Nums: []int64{}}},
		{"enum", "id=a&color=green", kitchen{ID: "a", Color: "green"}},
		{"map keeps empty", "id=a&labels[x]=&labels[y]=1", kitchen{ID: "a", Labels: map[string]string{"x": "", "y": "1"}}},
		{"embedded struct flattened", "id=a&depth=3", kitchen{ID: "a", Inner: Inner{Depth: ptr(int64(3))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got kitchen
			if err := decode(t, tt.raw, &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%q)\n got  %+v\n want %+v", tt.raw, got, tt.want)
			}
		})
	}

	errs := []struct {
		name, raw string
		want      wantErr
	}{
		{"required missing", "flag=true", wantErr{"parameter_missing", "id", "Missing required param: id."}},
		{"required empty", "id=", wantErr{"parameter_invalid_empty", "id", ""}},
		{"bool 1", "id=a&flag=1", wantErr{"", "flag", "Invalid boolean: 1"}},
		{"bool upper case", "id=a&flag=TRUE", wantErr{"", "flag", "Invalid boolean: TRUE"}},
		{"bool word", "id=a&plain=yes", wantErr{"", "plain", "Invalid boolean: yes"}},
		{"bool empty", "id=a&flag=", wantErr{"parameter_invalid_empty", "flag", ""}},
		{"bool as hash", "id=a&flag[x]=true", wantErr{"", "flag", "Invalid boolean: flag must be a single value, not a hash or array."}},
		{"decimal word", "id=a&ratio=x", wantErr{"", "ratio", "Invalid decimal: x"}},
		{"decimal as array", "id=a&ratio[]=1", wantErr{"", "ratio", "Invalid decimal: ratio must be a single value, not a hash or array."}},
		{"int array item", "id=a&nums[]=1&nums[]=x", wantErr{"parameter_invalid_integer", "nums[1]", "Invalid integer: x"}},
		{"enum", "id=a&color=pink", wantErr{"", "color", "Invalid color: must be one of red, green, or blue"}},
		{"max length", "id=abcdef", wantErr{"", "id", "Invalid string: abcdef; must be at most 5 characters"}},
		{"untagged field unknown", "id=a&Note=x", wantErr{"parameter_unknown", "Note", "Received unknown parameter: Note"}},
		{"plain map as value", "id=a&labels=", wantErr{"", "labels", "Invalid hash: labels must be a hash of keys and values (labels[key]=value)."}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			var p kitchen
			checkErr(t, decode(t, tt.raw, &p), tt.want)
		})
	}
}

func TestDecodeBadDestination(t *testing.T) {
	for _, dst := range []any{kitchen{}, new(int), nil} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Decode(%T) did not panic", dst)
				}
			}()
			form.Decode(&form.Node{}, dst)
		}()
	}
}

func TestNodeGetRemove(t *testing.T) {
	n, err := form.Parse("a=1&expand[]=x&b[c]=2")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Get("b"); got == nil || got.Get("c") == nil || got.Get("c").Value != "2" {
		t.Errorf("Get(b)[c] = %+v", got)
	}
	if n.Get("nope") != nil {
		t.Error("Get of a missing key is not nil")
	}
	if e := n.Remove("expand"); e == nil || render(e) != `{[]:"x"}` {
		t.Errorf("Remove(expand) = %+v", e)
	}
	if got := render(n); got != `{a:"1",b:{c:"2"}}` {
		t.Errorf("after Remove: %s", got)
	}
	if n.Remove("expand") != nil {
		t.Error("second Remove is not nil")
	}
}

// TestParseAppendedHashes checks that hashes appended with [] group their
// fields the way Stripe (Rack) does.
func TestParseAppendedHashes(t *testing.T) {
	var p remit.CustomerCreateParams
	tree, err := form.Parse("invoice_settings[custom_fields][][name]=A&invoice_settings[custom_fields][][value]=1&invoice_settings[custom_fields][][name]=B&invoice_settings[custom_fields][][value]=2")
	if err != nil {
		t.Fatal(err)
	}
	if err := form.Decode(tree, &p); err != nil {
		t.Fatal(err)
	}
	got := p.InvoiceSettings.CustomFields.Value
	want := []remit.CustomField{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("custom fields = %+v, want %+v", got, want)
	}
}
