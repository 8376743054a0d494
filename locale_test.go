package remit_test

import (
	"reflect"
	"testing"

	"remit"
)

func TestNormalizeLocales(t *testing.T) {
	got, err := remit.NormalizeLocales([]string{"fr-ca", "en", "zh-TW", "es-419", "pt-BR", "fil"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"fr-CA", "en", "zh-TW", "es-419", "pt-BR", "fil"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, l := range remit.SupportedLocales {
		if got, err := remit.NormalizeLocales([]string{l}); err != nil || got[0] != l {
			t.Errorf("%s: got %v, %v", l, got, err)
		}
	}
	for _, bad := range []string{"xx", "en-ZZ", "klingon", "", "de-AT", "en_US"} {
		_, err := remit.NormalizeLocales([]string{"en", bad})
		e, ok := err.(*remit.Error)
		if !ok || e.Param != "preferred_locales[1]" {
			t.Errorf("%q: want error on preferred_locales[1], got %v", bad, err)
		}
	}
	if _, err := remit.NormalizeLocales([]string{"en", "EN"}); err == nil {
		t.Error("duplicate locale accepted")
	}
}
