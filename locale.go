package remit

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// SupportedLocales are the languages Stripe renders invoices, receipts and
// emails in (the Billing portal's locale list), in canonical spelling.
var SupportedLocales = []string{
	"bg", "cs", "da", "de", "el", "en", "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-NZ", "en-SG",
	"es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv",
	"ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi",
	"zh", "zh-HK", "zh-TW",
}

// supportedByTag maps each supported locale's canonical BCP 47 form to its
// spelling in SupportedLocales.
var supportedByTag = func() map[string]string {
	m := make(map[string]string, len(SupportedLocales))
	for _, l := range SupportedLocales {
		m[language.Make(l).String()] = l
	}
	return m
}()

// NormalizeLocales checks each tag of a preferred_locales parameter against
// SupportedLocales and returns them in canonical spelling, order kept. Tags
// are matched case-insensitively ("fr-ca" is "fr-CA"); a tag that is not
// well-formed BCP 47, or not supported, is an error naming its index.
func NormalizeLocales(tags []string) ([]string, error) {
	if len(tags) > len(SupportedLocales) {
		return nil, Errorf("", "preferred_locales", "You can list at most %d preferred locales.", len(SupportedLocales))
	}
	out := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags))
	for i, raw := range tags {
		param := "preferred_locales[" + strconv.Itoa(i) + "]"
		tag, err := language.Parse(raw)
		canon, ok := "", false
		if err == nil {
			canon, ok = supportedByTag[tag.String()]
		}
		if !ok {
			return nil, Errorf("", param, "Invalid locale %q. Supported locales are: %s.", truncated(raw), strings.Join(SupportedLocales, ", "))
		}
		if seen[canon] {
			return nil, Errorf("", param, "Locale %q is listed more than once in preferred_locales.", canon)
		}
		seen[canon] = true
		out = append(out, canon)
	}
	return out, nil
}
