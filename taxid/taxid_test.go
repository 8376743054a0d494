package taxid

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot walks up from the working directory to the directory holding
// go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// specEnum returns the type enum of POST /v1/customers/{customer}/tax_ids in
// Stripe's OpenAPI description (../shared/stripe-openapi/spec3.json next to
// the repository, or $REMIT_OPENAPI_SPEC).
func specEnum(t *testing.T) []string {
	t.Helper()
	path := os.Getenv("REMIT_OPENAPI_SPEC")
	if path == "" {
		path = filepath.Join(repoRoot(t), "..", "shared", "stripe-openapi", "spec3.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("Stripe's OpenAPI description: %v", err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]struct {
							Enum []string `json:"enum"`
						} `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	enum := spec.Paths["/v1/customers/{customer}/tax_ids"]["post"].RequestBody.
		Content["application/x-www-form-urlencoded"].Schema.Properties["type"].Enum
	if len(enum) == 0 {
		t.Fatalf("%s: no type enum on POST /v1/customers/{customer}/tax_ids", path)
	}
	return enum
}

func TestTypesEqualSpecEnum(t *testing.T) {
	want := slices.Clone(specEnum(t))
	slices.Sort(want)
	var got []string
	for _, ty := range Types() {
		got = append(got, ty.Name)
	}
	if !slices.IsSorted(got) {
		t.Errorf("Types() not sorted by name: %v", got)
	}
	if !slices.Equal(got, want) {
		for _, n := range want {
			if !slices.Contains(got, n) {
				t.Errorf("spec type %s missing from Types()", n)
			}
		}
		for _, n := range got {
			if !slices.Contains(want, n) {
				t.Errorf("Types() has %s, not in the spec", n)
			}
		}
	}
	if len(got) != 117 {
		t.Errorf("len(Types()) = %d, want 117 (spec 2026-08-26.dahlia)", len(got))
	}
}

func TestTypesIsACopy(t *testing.T) {
	a := Types()
	a[0].Name = "mutated"
	if Types()[0].Name == "mutated" {
		t.Fatal("Types() returned shared storage")
	}
}

func TestLookup(t *testing.T) {
	for _, ty := range Types() {
		got, ok := Lookup(ty.Name)
		if !ok || got != ty {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", ty.Name, got, ok, ty)
		}
		if ty.Label == "" || ty.Example == "" {
			t.Errorf("%s: empty label or example", ty.Name)
		}
		if ty.Name != "eu_vat" && len(ty.Country) != 2 {
			t.Errorf("%s: country %q", ty.Name, ty.Country)
		}
	}
	if ty, _ := Lookup("eu_vat"); ty.Country != "" || !ty.Verified {
		t.Errorf("eu_vat = %+v, want country \"\" and verified", ty)
	}
	if ty, _ := Lookup("eu_oss_vat"); ty.Country != "EU" || ty.Verified {
		t.Errorf("eu_oss_vat = %+v, want country EU, not verified", ty)
	}
	var verified []string
	for _, ty := range Types() {
		if ty.Verified {
			verified = append(verified, ty.Name)
		}
	}
	if want := []string{"au_abn", "eu_vat", "gb_vat"}; !slices.Equal(verified, want) {
		t.Errorf("verified types = %v, want %v (stripe-tables.md 2.3)", verified, want)
	}
	for _, name := range []string{"", "EU_VAT", "xx_tin", "unknown"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found a type", name)
		}
	}
}

func TestExamplesPassCheck(t *testing.T) {
	for _, ty := range Types() {
		country, err := Check(ty.Name, ty.Example)
		want := ty.Country
		if ty.Name == "eu_vat" {
			want = "DE" // DE123456789
		}
		if err != nil || country != want {
			t.Errorf("Check(%q, %q) = %q, %v; want %q, nil", ty.Name, ty.Example, country, err, want)
		}
	}
}

// euVATExamples is stripe-tables.md 2.2: Stripe's eu_vat example per country.
var euVATExamples = []struct{ country, value string }{
	{"AT", "ATU12345678"}, {"BE", "BE0123456789"}, {"BG", "BG0123456789"},
	{"CY", "CY12345678Z"}, {"CZ", "CZ1234567890"}, {"DE", "DE123456789"},
	{"DK", "DK12345678"}, {"EE", "EE123456789"}, {"ES", "ESA1234567Z"},
	{"FI", "FI12345678"}, {"FR", "FRAB123456789"}, {"GB", "XI123456789"},
	{"GR", "EL123456789"}, {"HR", "HR12345678912"}, {"HU", "HU12345678"},
	{"IE", "IE1234567AB"}, {"IT", "IT12345678912"}, {"LT", "LT123456789123"},
	{"LU", "LU12345678"}, {"LV", "LV12345678912"}, {"MT", "MT12345678"},
	{"NL", "NL123456789B12"}, {"PL", "PL1234567890"}, {"PT", "PT123456789"},
	{"RO", "RO1234567891"}, {"SE", "SE123456789123"}, {"SI", "SI12345678"},
	{"SK", "SK1234567891"},
}

func TestEUVATExamples(t *testing.T) {
	if len(euVATExamples) != 28 || len(euVAT) != 28 {
		t.Fatalf("%d examples, %d prefixes; want 28 (27 member states + XI)", len(euVATExamples), len(euVAT))
	}
	for _, ex := range euVATExamples {
		country, err := Check("eu_vat", ex.value)
		if err != nil || country != ex.country {
			t.Errorf("Check(eu_vat, %q) = %q, %v; want %q", ex.value, country, err, ex.country)
		}
	}
	// The per-country rows carry the same examples.
	for _, e := range euVAT {
		if !slices.Contains(euVATExamples, struct{ country, value string }{e.country, e.example}) {
			t.Errorf("euVAT row %s: example %s/%s not in 2.2", e.prefix, e.country, e.example)
		}
	}
}

// TestTableMatchesDoc compares the table with stripe-tables.md 2.1 (country,
// label and example per type), when the doc is there.
func TestTableMatchesDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "..", "shared", "docs", "stripe-tables.md"))
	if err != nil {
		t.Skipf("stripe-tables.md: %v", err)
	}
	row := regexp.MustCompile("(?m)^\\| \\d+ \\| `(\\w+)` \\| ([^|]*)\\| ([^|]*)\\| ([^|]*)\\|")
	unverified := strings.NewReplacer(" [unverified]", "", "`", "")
	seen := 0
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		name := m[1]
		ty, ok := Lookup(name)
		if !ok {
			t.Errorf("doc type %s not in the table", name)
			continue
		}
		seen++
		if name == "eu_vat" {
			continue // country and example are per prefix (2.2)
		}
		country := strings.Fields(m[2])[0]
		label := strings.TrimSpace(unverified.Replace(m[3]))
		example := strings.TrimSpace(unverified.Replace(m[4]))
		if ty.Country != country || ty.Label != label || ty.Example != example {
			t.Errorf("%s = %q %q %q; doc has %q %q %q", name, ty.Country, ty.Label, ty.Example, country, label, example)
		}
	}
	if seen != 117 {
		t.Errorf("found %d doc rows, want 117", seen)
	}
}

// digitsToO replaces every digit with the letter O: letters where digits are
// expected.
func digitsToO(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return 'O'
		}
		return r
	}, s)
}

func TestMalformedValues(t *testing.T) {
	for _, ty := range Types() {
		bad := []string{"", " ", "x", "123", "!!!", "---", digitsToO(ty.Example), ty.Example + "12345678901234567890", ty.Example + "!"}
		for _, v := range bad {
			country, err := Check(ty.Name, v)
			if !errors.Is(err, ErrFormat) {
				t.Errorf("Check(%q, %q) = %q, %v; want ErrFormat", ty.Name, v, country, err)
				continue
			}
			if country != "" {
				t.Errorf("Check(%q, %q) returned country %q with an error", ty.Name, v, country)
			}
			if !strings.Contains(err.Error(), "expected ") || !strings.Contains(err.Error(), ty.Name) {
				t.Errorf("Check(%q, %q) error %q does not name the type and the expected format", ty.Name, v, err)
			}
			if ty.Name != "eu_vat" && !strings.HasSuffix(err.Error(), " like "+ty.Example) {
				t.Errorf("Check(%q, %q) error %q does not end with the example", ty.Name, v, err)
			}
		}
	}
	// Missing or wrong prefixes, wrong length classes.
	for _, c := range []struct{ typ, value string }{
		{"eu_vat", "123456789"},      // no prefix
		{"eu_vat", "GR123456789"},    // Greece is EL
		{"eu_vat", "GB123456789"},    // not EU since 2021; XI for Northern Ireland
		{"eu_vat", "US123456789"},    // not an EU prefix
		{"eu_vat", "DE12345678"},     // 8 digits
		{"eu_vat", "DE1234567890"},   // 10 digits
		{"eu_vat", "ATU1234567"},     // 7 digits
		{"eu_vat", "AT12345678"},     // no U
		{"eu_vat", "NL123456789012"}, // no B
		{"gb_vat", "123456789"},
		{"gb_vat", "XI123456789"},
		{"gb_vat", "GB12345678"},
		{"eu_oss_vat", "123456789"},
		{"fo_vat", "123456"},
		{"mk_vat", "1234567890123"},
		{"om_vat", "1234567890"},
		{"jp_trn", "1234567891234"},
		{"li_uid", "123456789"},
		{"ch_vat", "123.456.789 MWST"},
		{"ch_uid", "CHE-123.456.78 HR"},
		{"au_abn", "1234567891"},
		{"au_abn", "1234567891A"},
		{"us_ein", "12-34567890"},
		{"br_cpf", "123.456.789-8"},
		{"br_cnpj", "01.234.456/5432-1X"},
		{"ca_gst_hst", "123456789"},
		{"in_gst", "ABABCDE3456FGZH"},
		{"it_cf", "ABCDEF12A12A123"},
		{"mx_rfc", "AB010203AB9"},
		{"za_vat", "5123456789"},
		{"ru_inn", "12345678901"},
		{"cl_tin", "12.345.678-X"},
	} {
		if _, err := Check(c.typ, c.value); !errors.Is(err, ErrFormat) {
			t.Errorf("Check(%q, %q) = %v; want ErrFormat", c.typ, c.value, err)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	for _, c := range []struct{ typ, value, want string }{
		{"eu_vat", "DE1", "taxid: invalid format for eu_vat: expected DE and 9 digits like DE123456789"},
		{"eu_vat", "ZZ123", "taxid: invalid format for eu_vat: expected " + euVATFormat + " like DE123456789"},
		{"au_abn", "x", "taxid: invalid format for au_abn: expected 11 digits like 12345678912"},
	} {
		_, err := Check(c.typ, c.value)
		if err == nil || err.Error() != c.want {
			t.Errorf("Check(%q, %q) error = %v; want %q", c.typ, c.value, err, c.want)
		}
	}
}

func TestCheckNormalises(t *testing.T) {
	for _, c := range []struct{ typ, value, country string }{
		{"eu_vat", " de 123 456 789 ", "DE"},
		{"eu_vat", "DE-123.456.789", "DE"},
		{"eu_vat", "el123456789", "GR"},
		{"eu_vat", "XI 123 4567 89", "GB"},
		{"eu_vat", "atu12345678", "AT"},
		{"gb_vat", "GB 123 4567 89", "GB"},
		{"gb_vat", "GB123456789001", "GB"},
		{"gb_vat", "GBGD123", "GB"},
		{"cl_tin", "12345678k", "CL"},
		{"cl_tin", "1.234.567-8", "CL"},
		{"ch_vat", "che-123.456.789 tva", "CH"},
		{"ch_vat", "CHE123456789", "CH"},
		{"br_cnpj", "01234456543210", "BR"},
		{"br_cnpj", "12.ABC.345/01DE-35", "BR"},
		{"br_cpf", "12345678987", "BR"},
		{"us_ein", "123456789", "US"},
		{"us_ein", "\t12-3456789\n", "US"},
		{"no_vat", "123456789", "NO"},
		{"mx_rfc", "GODE561231GR8", "MX"},
		{"mx_rfc", "ÑAND010203AB9", "MX"},
		{"it_cf", "RSSMRA85T10A562S", "IT"},
		{"it_cf", "12345678901", "IT"},
		{"es_cif", "12345678Z", "ES"},
		{"es_cif", "X1234567L", "ES"},
		{"ic_nif", "B35000000", "IC"},
		{"ru_inn", "123456789012", "RU"},
		{"id_npwp", "01.234.567.8-901.234", "ID"},
		{"sg_uen", "T09LL0001B", "SG"},
	} {
		country, err := Check(c.typ, c.value)
		if err != nil || country != c.country {
			t.Errorf("Check(%q, %q) = %q, %v; want %q", c.typ, c.value, country, err, c.country)
		}
	}
}

func TestUnknownType(t *testing.T) {
	if _, err := Check("xx_tin", "123456789"); !errors.Is(err, ErrUnknownType) || errors.Is(err, ErrFormat) {
		t.Errorf("Check(xx_tin) error = %v; want ErrUnknownType", err)
	}
	if valid, ok := CheckDigitsValid("xx_tin", "123456789"); valid || ok {
		t.Errorf("CheckDigitsValid(xx_tin) = %v, %v", valid, ok)
	}
	if got := TestVerification("xx_tin", "DE000000000"); got != "unavailable" {
		t.Errorf("TestVerification(xx_tin) = %q", got)
	}
}

// checkDigitVectors pairs a value with valid check digits (computed for this
// test) with the same value one check character changed.
var checkDigitVectors = []struct{ typ, valid, invalid string }{
	{"au_abn", "51824753556", "51824753557"},                // the ATO's example
	{"br_cnpj", "12.ABC.345/01DE-35", "12.ABC.345/01DE-36"}, // Receita Federal's alphanumeric example
	{"ar_cuit", "20-52601815-0", "20-52601815-1"},
	{"ar_cuit", "30-90830166-4", "30-90830166-5"},
	{"au_abn", "83131860913", "93131860913"},
	{"bg_uic", "909960302", "909960303"},
	{"br_cnpj", "82.462.819/4821-05", "82.462.819/4821-15"},
	{"br_cnpj", "12.SBC.935/1RWC-47", "12.SBC.935/1RWC-57"},
	{"br_cpf", "909.378.657-10", "909.378.657-20"},
	{"by_tin", "197543237", "197543238"},
	{"by_tin", "MC9487570", "MC9487571"},
	{"ca_bn", "491186250", "491186251"},
	{"ca_gst_hst", "276018959RT0001", "276018950RT0001"},
	{"ch_uid", "CHE-559.797.119 HR", "CHE-559.797.110 HR"},
	{"ch_vat", "CHE-471.049.743 MWST", "CHE-471.049.744 MWST"},
	{"li_uid", "CHE650752915", "CHE650752916"},
	{"cl_tin", "70.342.366-3", "70.342.366-4"},
	{"cl_tin", "7.127.684-8", "7.127.684-9"},
	{"cn_tin", "01792440ME6RLT9KE6", "01792440ME6RLT9KE7"},
	{"co_nit", "890.786.666-7", "890.786.666-8"},
	{"do_rcn", "1-01-17603-2", "1-01-17603-3"},
	{"do_rcn", "137-2159010-0", "137-2159010-1"},
	{"ec_ruc", "1719281592001", "1719281593001"},
	{"ec_ruc", "1760139640001", "1760139650001"},
	{"ec_ruc", "1724595713001", "1724595714001"},
	{"es_cif", "17777412E", "17777412F"},
	{"es_cif", "X1547280R", "X1547280S"},
	{"es_cif", "B38528089", "B38528080"},
	{"es_cif", "P4148525A", "P4148525B"},
	{"ic_nif", "B38885398", "B38885399"},
	{"ic_nif", "33633875D", "33633875E"},
	{"gb_vat", "GB353799074", "GB353799075"},
	{"gb_vat", "GB180588875001", "GB180588876001"},
	{"hr_oib", "18033401870", "18033401871"},
	{"hu_tin", "80175986-1-23", "80175987-1-23"},
	{"id_npwp", "98.347.887.6-838.483", "98.347.887.7-838.483"},
	{"id_npwp", "072.616.751.3-361.341", "072.616.751.4-361.341"},
	{"il_vat", "512524273", "512524274"},
	{"in_gst", "27HXDMP2326Q1ZZ", "27HXDMP2326Q1ZA"},
	{"it_cf", "MKNGLK15A58O706O", "MKNGLK15A58O706P"},
	{"it_cf", "58948113111", "58948113112"},
	{"jp_cn", "3440242646288", "4440242646288"},
	{"jp_trn", "T2975140261401", "T3975140261401"},
	{"kr_brn", "419-31-41704", "419-31-41705"},
	{"kz_bin", "586492083124", "586492083125"},
	{"me_pib", "02402343", "02402344"},
	{"mk_vat", "MK4834782450401", "MK4834782450402"},
	{"mx_rfc", "AAX010203Q88", "AAX010203Q89"},
	{"mx_rfc", "GQPH800101O18", "GQPH800101O19"},
	{"no_vat", "340722477MVA", "340722478MVA"},
	{"nz_gst", "44558530", "44558531"},
	{"nz_gst", "104352057", "104352058"},
	{"pe_ruc", "20617483387", "20617483388"},
	{"pl_nip", "0141269069", "0141269060"},
	{"py_ruc", "8000443-1", "8000443-2"},
	{"ro_tin", "1198296572499", "1198296572490"},
	{"ro_tin", "12086820", "12086821"},
	{"rs_pib", "108890937", "108890938"},
	{"ru_inn", "7701002513", "7701002514"},
	{"ru_inn", "500678008385", "500678008395"},
	{"sg_gst", "17407188D", "17407188E"},
	{"sg_uen", "11817414B", "11817414C"},
	{"sg_uen", "200333776H", "200333776I"},
	{"sg_uen", "T01LL7409J", "T01LL7409K"},
	{"si_tin", "13192540", "13192541"},
	{"sv_nit", "0614-499207-100-6", "0614-499207-100-7"},
	{"sv_nit", "0614-741374-847-2", "0614-741374-847-3"},
	{"th_vat", "0771834170471", "0771834170472"},
	{"tr_tin", "1874633191", "1874633192"},
	{"tr_tin", "11284529002", "11284529102"},
	{"tw_vat", "60207764", "60207765"},
	{"tw_vat", "42656503", "42656513"},
	{"uy_ruc", "211304450012", "211304450013"},
	{"ve_rif", "J-16691564-2", "J-16691564-3"},
	{"vn_tin", "0410423464", "0410423465"},
	{"vn_tin", "8535606884-001", "8535606885-001"},
	{"eu_vat", "ATU00806235", "ATU00806236"},
	{"eu_vat", "BE0201098321", "BE0201098322"},
	{"eu_vat", "BG638986927", "BG638986928"},
	{"eu_vat", "BG8414078061", "BG8414078062"},
	{"eu_vat", "CY67172314P", "CY67172314Q"},
	{"eu_vat", "CZ23015403", "CZ23015404"},
	{"eu_vat", "CZ648684438", "CZ648684439"},
	{"eu_vat", "CZ1802433259", "CZ1802433250"},
	{"eu_vat", "DE136593688", "DE136593689"},
	{"eu_vat", "DK17780069", "DK17780060"},
	{"eu_vat", "EE103943695", "EE103943696"},
	{"eu_vat", "EL091922001", "EL091922002"},
	{"eu_vat", "ESB11925203", "ESB11925204"},
	{"eu_vat", "ES00201019E", "ES00201019F"},
	{"eu_vat", "FI15381619", "FI15381610"},
	{"eu_vat", "FR51333100147", "FR61333100147"},
	{"eu_vat", "FR9F500905187", "FR0F500905187"},
	{"eu_vat", "HR72036251559", "HR72036251550"},
	{"eu_vat", "HU17883467", "HU17883468"},
	{"eu_vat", "IE5648044E", "IE5648044F"},
	{"eu_vat", "IE5765848FH", "IE5765848GH"},
	{"eu_vat", "IE5G71535B", "IE5G71535C"},
	{"eu_vat", "IT42910686890", "IT42910686891"},
	{"eu_vat", "LT064100312", "LT064100313"},
	{"eu_vat", "LT790889692918", "LT790889692919"},
	{"eu_vat", "LU13072169", "LU13072179"},
	{"eu_vat", "LV40002061052", "LV40002061053"},
	{"eu_vat", "LV15017212483", "LV15017212484"},
	{"eu_vat", "MT16710692", "MT16710693"},
	{"eu_vat", "NL927681171B01", "NL927681172B01"},
	{"eu_vat", "NL719611459B23", "NL719611459B33"},
	{"eu_vat", "PL1862725339", "PL1862725330"},
	{"eu_vat", "PT204508002", "PT204508003"},
	{"eu_vat", "RO14870122", "RO14870123"},
	{"eu_vat", "SE503499717001", "SE503499717101"},
	{"eu_vat", "SI15546152", "SI15546153"},
	{"eu_vat", "SK2027627327", "SK2027627328"},
	{"eu_vat", "XI302782729", "XI302782720"},
	{"eu_vat", "XI466320495001", "XI466320496001"},
}

func TestCheckDigits(t *testing.T) {
	covered := map[string]bool{}
	for _, v := range checkDigitVectors {
		covered[v.typ] = true
		if _, err := Check(v.typ, v.valid); err != nil {
			t.Errorf("Check(%q, %q): %v", v.typ, v.valid, err)
		}
		if valid, ok := CheckDigitsValid(v.typ, v.valid); !valid || !ok {
			t.Errorf("CheckDigitsValid(%q, %q) = %v, %v; want true, true", v.typ, v.valid, valid, ok)
		}
		if _, err := Check(v.typ, v.invalid); err != nil {
			t.Errorf("Check(%q, %q): %v (a wrong check digit is not a format error)", v.typ, v.invalid, err)
		}
		if valid, ok := CheckDigitsValid(v.typ, v.invalid); valid || !ok {
			t.Errorf("CheckDigitsValid(%q, %q) = %v, %v; want false, true", v.typ, v.invalid, valid, ok)
		}
	}
	// Every type with an algorithm has vectors, and only those.
	var withCheck []string
	for _, e := range table {
		if e.check != nil {
			withCheck = append(withCheck, e.name)
			if !covered[e.name] {
				t.Errorf("%s has check digits but no test vector", e.name)
			}
		} else if valid, ok := CheckDigitsValid(e.name, e.example); valid || ok {
			t.Errorf("CheckDigitsValid(%q, %q) = %v, %v; want ok=false (no algorithm)", e.name, e.example, valid, ok)
		}
	}
	for typ := range covered {
		if e := byName[typ]; e == nil || e.check == nil {
			t.Errorf("vector for %s, which has no check digits", typ)
		}
	}
	covered = map[string]bool{}
	for _, v := range checkDigitVectors {
		if v.typ == "eu_vat" {
			covered[v.valid[:2]] = true
		}
	}
	for _, e := range euVAT {
		if !covered[e.prefix] {
			t.Errorf("eu_vat %s has no test vector", e.prefix)
		}
	}
	t.Logf("%d of %d types have check digits: %v", len(withCheck), len(table), withCheck)
}

func TestCheckDigitsNotDefined(t *testing.T) {
	for _, c := range []struct{ typ, value string }{
		{"bg_uic", "1234567890123"},     // 13-digit BULSTAT
		{"gb_vat", "GBGD123"},           // government department
		{"eu_vat", "XIHA599"},           // health authority
		{"eu_vat", "CZ123456789"},       // pre-1954 birth number
		{"cn_tin", "110101123456789"},   // old 15-character number
		{"id_npwp", "3171234567890123"}, // a NIK
		{"py_ruc", "12345678A"},         // letter in the check position
		{"ve_rif", "A-12345678-9"},      // unknown type letter
		{"sg_gst", "M12345678X"},        // M-format GST number
		{"vn_tin", "012345678901"},      // 12-digit personal number
		{"es_cif", "T1234567A"},         // no algorithm for T
		{"ec_ruc", "1774567890001"},     // third digit 7
		{"us_ein", "12-3456789"},        // no check digit defined
		{"eu_oss_vat", "EU123456789"},   // no check digit defined
	} {
		if _, err := Check(c.typ, c.value); err != nil {
			t.Errorf("Check(%q, %q): %v", c.typ, c.value, err)
		}
		if valid, ok := CheckDigitsValid(c.typ, c.value); valid || ok {
			t.Errorf("CheckDigitsValid(%q, %q) = %v, %v; want ok=false", c.typ, c.value, valid, ok)
		}
	}
	// A malformed value of a type with check digits is not valid.
	for _, c := range []struct{ typ, value string }{{"au_abn", "x"}, {"eu_vat", "ZZ123"}, {"eu_vat", ""}, {"br_cpf", "123"}} {
		if valid, ok := CheckDigitsValid(c.typ, c.value); valid || !ok {
			t.Errorf("CheckDigitsValid(%q, %q) = %v, %v; want false, true", c.typ, c.value, valid, ok)
		}
	}
}

// TestExamplesCheckDigits records which of Stripe's documented examples have
// valid check digits: almost none do, which is why Check ignores them.
func TestExamplesCheckDigits(t *testing.T) {
	examples := []struct{ typ, value string }{}
	for _, ty := range Types() {
		if ty.Name != "eu_vat" {
			examples = append(examples, struct{ typ, value string }{ty.Name, ty.Example})
		}
	}
	for _, ex := range euVATExamples {
		examples = append(examples, struct{ typ, value string }{"eu_vat", ex.value})
	}
	var pass, fail []string
	for _, ex := range examples {
		if _, err := Check(ex.typ, ex.value); err != nil {
			t.Errorf("Check(%q, %q): %v", ex.typ, ex.value, err)
		}
		valid, ok := CheckDigitsValid(ex.typ, ex.value)
		switch {
		case ok && valid:
			pass = append(pass, ex.typ+" "+ex.value)
		case ok:
			fail = append(fail, ex.typ+" "+ex.value)
		}
	}
	want := []string{"cn_tin 123456789012345678", "mx_rfc ABC010203AB9", "tr_tin 0123456789", "eu_vat PT123456789"}
	if !slices.Equal(pass, want) {
		t.Errorf("examples with valid check digits = %v; want %v", pass, want)
	}
	t.Logf("%d examples fail their check digits: %v", len(fail), fail)
}

func TestTestVerification(t *testing.T) {
	for _, c := range []struct{ typ, value, want string }{
		{"eu_vat", "DE000000000", "verified"},
		{"eu_vat", "DE111111111", "unverified"},
		{"eu_vat", "DE222222222", "pending"},
		{"eu_vat", "DE123456789", "pending"}, // Stripe's fixture
		{"eu_vat", "DE 000 000 000", "verified"},
		{"eu_vat", "FR12000000000", "verified"},    // contains, not only ends in
		{"eu_vat", "NL111111111B01", "unverified"}, // contains
		{"eu_vat", "SE222222222001", "pending"},
		{"eu_vat", "XI000000000", "verified"},
		{"au_abn", "12000000000", "verified"},
		{"au_abn", "12111111111", "unverified"},
		{"au_abn", "12222222222", "pending"},
		{"au_abn", "51824753556", "pending"},
		{"gb_vat", "GB000000000", "verified"},
		{"gb_vat", "GB111111111", "unverified"},
		{"gb_vat", "GB222222222", "pending"},
		{"gb_vat", "GB123456789", "pending"},
		{"eu_vat", "DE00000000", "pending"}, // eight zeros only
		// Types Stripe does not verify.
		{"us_ein", "000000000", "unavailable"},
		{"ch_vat", "CHE-000.000.000 MWST", "unavailable"},
		{"eu_oss_vat", "EU111111111", "unavailable"},
		{"ic_nif", "A12345678", "unavailable"},
	} {
		if got := TestVerification(c.typ, c.value); got != c.want {
			t.Errorf("TestVerification(%q, %q) = %q; want %q", c.typ, c.value, got, c.want)
		}
	}
	for _, ty := range Types() {
		got := TestVerification(ty.Name, ty.Example)
		if ty.Verified && got != "pending" {
			t.Errorf("TestVerification(%q, %q) = %q; want pending", ty.Name, ty.Example, got)
		}
		if !ty.Verified && got != "unavailable" {
			t.Errorf("TestVerification(%q, %q) = %q; want unavailable", ty.Name, ty.Example, got)
		}
	}
}
