// Package openapitest checks JSON responses against the schemas of Stripe's
// OpenAPI description (components.schemas in spec3.json), for API tests.
//
// Validation is strict: besides each schema's own rules, a property that an
// object schema does not declare is an error (see [Spec.Validate]).
package openapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// EnvSpecPath names the environment variable that overrides where Load finds
// spec3.json.
const EnvSpecPath = "REMIT_OPENAPI_SPEC"

// specRel is where spec3.json lives relative to the repository root (the
// directory holding go.mod): shared/ is a sibling of the repository.
var specRel = filepath.Join("..", "shared", "stripe-openapi", "spec3.json")

// Spec is Stripe's OpenAPI description, loaded once per process.
//
// A Spec is read-only after Load and safe for concurrent use.
type Spec struct {
	// Path is the file the description was read from.
	Path string
	// Version is info.version, e.g. "2026-08-26.dahlia".
	Version string

	schemas openapi3.Schemas
	list    *openapi3.Schema // template envelope of CheckList, data.items unset
	search  *openapi3.Schema // template envelope of CheckSearchResult
}

var (
	loadOnce sync.Once
	loaded   *Spec
	loadErr  error
)

// Load finds spec3.json (walk up from the working directory to the directory
// holding go.mod, then ../shared/stripe-openapi/spec3.json; env var
// REMIT_OPENAPI_SPEC overrides the path), parses it once (sync.Once; cache the
// result and the error) and returns it. It calls tb.Fatal if the file cannot
// be found or parsed.
func Load(tb testing.TB) *Spec {
	tb.Helper()
	loadOnce.Do(func() {
		var path string
		if path, loadErr = findSpec(); loadErr == nil {
			loaded, loadErr = parse(path)
		}
	})
	if loadErr != nil {
		tb.Fatalf("openapitest: %v", loadErr)
	}
	return loaded
}

// findSpec returns the path of spec3.json, checking that the file exists.
func findSpec() (string, error) {
	if p := os.Getenv(EnvSpecPath); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%q: %w", EnvSpecPath, p, err)
		}
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, specRel)
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("Stripe's OpenAPI description not found next to the repository (set %s to its path): %w", EnvSpecPath, err)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod in %s or any parent directory, so spec3.json cannot be located (set %s to its path)", wd, EnvSpecPath)
		}
		dir = parent
	}
}

// parse loads the description at path, resolving its internal $refs only,
// and makes its object schemas strict.
func parse(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if doc.Components == nil || len(doc.Components.Schemas) == 0 {
		return nil, fmt.Errorf("%s: no components.schemas", path)
	}
	for name, ref := range doc.Components.Schemas {
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("%s: components.schemas.%s is unresolved", path, name)
		}
	}
	s := &Spec{Path: path, schemas: doc.Components.Schemas}
	if doc.Info != nil {
		s.Version = doc.Info.Version
	}
	makeStrict(doc.Components.Schemas)
	s.list = envelope("list", false)
	s.search = envelope("search_result", true)
	return s, nil
}

// makeStrict sets additionalProperties:false on every schema reachable from
// schemas that declares properties (possibly none: `properties: {}`) and says
// nothing about additionalProperties, so that undeclared properties are
// reported. This mutates the loaded document, which this package owns. Each
// anyOf/oneOf branch of Stripe's schemas is a complete object schema (the spec
// has no allOf), so strictness per branch does not reject valid documents.
func makeStrict(schemas openapi3.Schemas) int {
	seen := make(map[*openapi3.Schema]bool)
	n := 0
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		sch := ref.Value
		seen[sch] = true
		if sch.Properties != nil && sch.AdditionalProperties.Has == nil && sch.AdditionalProperties.Schema == nil {
			no := false
			sch.AdditionalProperties.Has = &no
			n++
		}
		for _, p := range sch.Properties {
			walk(p)
		}
		walk(sch.AdditionalProperties.Schema)
		walk(sch.Items)
		walk(sch.Not)
		for _, l := range []openapi3.SchemaRefs{sch.AnyOf, sch.OneOf, sch.AllOf} {
			for _, b := range l {
				walk(b)
			}
		}
	}
	for _, ref := range schemas {
		walk(ref)
	}
	return n
}

// envelope builds the schema of a list ("list") or search ("search_result")
// response, after Stripe's own inline response schemas; data.items is filled
// in per call.
func envelope(object string, search bool) *openapi3.Schema {
	maxLen := uint64(5000)
	props := openapi3.Schemas{
		"object":   openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Enum: []any{object}}),
		"url":      openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, MaxLength: &maxLen, Pattern: "^/v1/"}),
		"has_more": openapi3.NewSchemaRef("", openapi3.NewBoolSchema()),
		"data":     openapi3.NewSchemaRef("", openapi3.NewArraySchema()),
	}
	if search {
		props["next_page"] = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, MaxLength: &maxLen, Nullable: true})
		props["total_count"] = openapi3.NewSchemaRef("", openapi3.NewIntegerSchema())
	}
	no := false
	return &openapi3.Schema{
		Type:                 &openapi3.Types{openapi3.TypeObject},
		Properties:           props,
		Required:             []string{"data", "has_more", "object", "url"},
		AdditionalProperties: openapi3.AdditionalProperties{Has: &no},
	}
}

// withItems returns a copy of the envelope template whose data items must
// match components.schemas[item].
func withItems(tmpl *openapi3.Schema, item string, ref *openapi3.SchemaRef) *openapi3.Schema {
	env := *tmpl
	env.Properties = make(openapi3.Schemas, len(tmpl.Properties))
	for k, v := range tmpl.Properties {
		env.Properties[k] = v
	}
	data := *tmpl.Properties["data"].Value
	data.Items = &openapi3.SchemaRef{Ref: "#/components/schemas/" + item, Value: ref.Value}
	env.Properties["data"] = openapi3.NewSchemaRef("", &data)
	return &env
}

// Schemas returns the names of components.schemas, sorted.
func (s *Spec) Schemas() []string {
	names := make([]string, 0, len(s.schemas))
	for name := range s.schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Problem is one way in which a document fails its schema.
type Problem struct {
	// Path locates the offending value in the document, e.g.
	// `$.invoice_settings.custom_fields[0].name` ("$" is the document itself).
	// For a missing required property or an undeclared one, it names that
	// property.
	Path string
	// Message says what is wrong.
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// ValidationError is the error of Validate when the document parses as JSON
// but does not match its schema.
type ValidationError struct {
	Schema   string
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "does not match schema %q (%d problem", e.Schema, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteByte('s')
	}
	b.WriteString("):")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Validate checks a JSON document against components.schemas[name]. Strict:
// besides the schema's own rules (types, enums, required, nullable, anyOf for
// expandable fields, maxLength...), a property that the schema does not
// declare is an error (Stripe's schemas never set additionalProperties:false
// on objects with declared properties, so apply that strictness yourself
// wherever an object schema has `properties` and no `additionalProperties`).
// Returns an error naming the JSON path of every problem.
//
// The error is a *ValidationError when the document is JSON that does not
// match. Formats ("unix-time", "decimal", "currency") are not checked.
func (s *Spec) Validate(schema string, body []byte) error {
	ref, ok := s.schemas[schema]
	if !ok {
		return fmt.Errorf("no schema %q in components.schemas", schema)
	}
	return s.validate(schema, ref.Value, body)
}

func (s *Spec) validate(name string, sch *openapi3.Schema, body []byte) error {
	doc, err := decode(body)
	if err != nil {
		return err
	}
	if err := sch.VisitJSON(doc, visitOpts...); err != nil {
		var c collector
		c.root = doc
		c.add(nil, err)
		return &ValidationError{Schema: name, Problems: c.problems()}
	}
	return nil
}

var visitOpts = []openapi3.SchemaValidationOption{
	openapi3.MultiErrors(),
	openapi3.VisitAsResponse(),
}

// decode parses exactly one JSON value, keeping numbers exact.
func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("body is not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("body is not JSON: data after the first value")
	}
	return doc, nil
}

// Check is Validate that reports failures through tb.Errorf with the schema
// name and body excerpt.
func (s *Spec) Check(tb testing.TB, schema string, body []byte) {
	tb.Helper()
	if err := s.Validate(schema, body); err != nil {
		report(tb, schema, err, body)
	}
}

// CheckList checks a list response: the envelope {"object":"list", "url":
// "/v1/...", "has_more": bool, "data": [...]} (nothing else, all required) and
// each element of data against components.schemas[itemSchema], strictly as
// Validate does. Failures are reported through tb.Errorf.
func (s *Spec) CheckList(tb testing.TB, itemSchema string, body []byte) {
	tb.Helper()
	if err := s.ValidateList(itemSchema, body); err != nil {
		report(tb, "list of "+itemSchema, err, body)
	}
}

// CheckSearchResult is CheckList for search responses: {"object":
// "search_result", "url", "has_more", "data", and optionally "next_page"
// (string or null) and "total_count" (integer)}.
func (s *Spec) CheckSearchResult(tb testing.TB, itemSchema string, body []byte) {
	tb.Helper()
	if err := s.ValidateSearchResult(itemSchema, body); err != nil {
		report(tb, "search_result of "+itemSchema, err, body)
	}
}

// ValidateList is the error-returning form of CheckList.
func (s *Spec) ValidateList(itemSchema string, body []byte) error {
	return s.validateEnvelope(s.list, "list", itemSchema, body)
}

// ValidateSearchResult is the error-returning form of CheckSearchResult.
func (s *Spec) ValidateSearchResult(itemSchema string, body []byte) error {
	return s.validateEnvelope(s.search, "search_result", itemSchema, body)
}

func (s *Spec) validateEnvelope(tmpl *openapi3.Schema, kind, item string, body []byte) error {
	ref, ok := s.schemas[item]
	if !ok {
		return fmt.Errorf("no schema %q in components.schemas", item)
	}
	return s.validate(kind+" of "+item, withItems(tmpl, item, ref), body)
}

const excerptLen = 2000

func report(tb testing.TB, schema string, err error, body []byte) {
	tb.Helper()
	var verr *ValidationError
	if errors.As(err, &verr) {
		tb.Errorf("response %v\nbody: %s", err, excerpt(body))
		return
	}
	tb.Errorf("response checked against schema %q: %v\nbody: %s", schema, err, excerpt(body))
}

func excerpt(body []byte) string {
	if len(body) <= excerptLen {
		return string(body)
	}
	cut := excerptLen
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes in all)", body[:cut], len(body))
}

// collector turns kin-openapi's errors into Problems.
type collector struct {
	root any
	list []Problem
}

func (c *collector) problems() []Problem {
	slices.SortStableFunc(c.list, func(a, b Problem) int { return strings.Compare(a.Path, b.Path) })
	return slices.Compact(c.list)
}

func (c *collector) addf(segs []string, format string, args ...any) {
	c.list = append(c.list, Problem{Path: c.render(segs), Message: fmt.Sprintf(format, args...)})
}

// add records err, found at the value that segs (keys and indexes from the
// document root) lead to.
func (c *collector) add(segs []string, err error) {
	var se *openapi3.SchemaError
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, e := range e {
			c.add(segs, e)
		}
		return
	case *openapi3.SchemaError:
		se = e
	default:
		c.addf(segs, "%v", err)
		return
	}
	at := append(slices.Clip(segs), se.JSONPointer()...)
	switch se.SchemaField {
	case "properties":
		if k, ok := unsupportedProperty(se.Reason); ok {
			c.addf(append(at, k), "property not declared by the schema")
			return
		}
	case "required":
		c.addf(at, "required property is missing")
		return
	case "nullable":
		c.addf(at, "null is not allowed")
		return
	case "type":
		c.addf(at, "%s, got %s", se.Reason, describe(se.Value))
		return
	case "enum":
		c.addf(at, "%s, got %s", se.Reason, describe(se.Value))
		return
	case "maxLength", "minLength":
		if str, ok := se.Value.(string); ok {
			c.addf(at, "%s, got %d", se.Reason, utf16Len(str))
			return
		}
	case "anyOf", "oneOf":
		if se.Origin != nil && errors.Is(se.Origin, openapi3.ErrOneOfConflict) {
			break
		}
		c.xOf(at, se)
		return
	}
	msg := se.Reason
	if msg == "" {
		msg = fmt.Sprintf("does not match %q", se.SchemaField)
	}
	if se.Origin != nil {
		msg += ": " + se.Origin.Error()
	}
	c.addf(at, "%s", msg)
}

// xOf explains a value that matches no branch of an anyOf/oneOf (kin-openapi
// only says so): when one branch is plainly meant — the object whose "object"
// property has the value's "object" (expanded fields), or the only branch of
// the value's JSON type — its own problems are reported instead.
func (c *collector) xOf(at []string, se *openapi3.SchemaError) {
	branches := se.Schema.AnyOf
	if se.SchemaField == "oneOf" {
		branches = se.Schema.OneOf
	}
	if b := meantBranch(branches, se.Value); b != nil {
		if err := b.VisitJSON(se.Value, visitOpts...); err != nil {
			c.add(at, err)
			return
		}
	}
	names := make([]string, len(branches))
	for i, b := range branches {
		names[i] = branchName(b)
	}
	c.addf(at, "%s matches none of %s [%s]", describe(se.Value), se.SchemaField, strings.Join(names, ", "))
}

func meantBranch(branches openapi3.SchemaRefs, v any) *openapi3.Schema {
	if m, ok := v.(map[string]any); ok {
		if obj, ok := m["object"].(string); ok {
			for _, b := range branches {
				if p := b.Value.Properties["object"]; p != nil && p.Value != nil && slices.Contains(p.Value.Enum, any(obj)) {
					return b.Value
				}
			}
		}
	}
	t := jsonType(v)
	var found *openapi3.Schema
	for _, b := range branches {
		bt := b.Value.Type
		if bt == nil || bt.Permits(t) || t == openapi3.TypeNumber && bt.Permits(openapi3.TypeInteger) {
			if found != nil {
				return nil
			}
			found = b.Value
		}
	}
	return found
}

func branchName(b *openapi3.SchemaRef) string {
	if b.Ref != "" {
		return b.Ref[strings.LastIndexByte(b.Ref, '/')+1:]
	}
	if b.Value.Title != "" {
		return b.Value.Title
	}
	if b.Value.Type != nil {
		return strings.Join(b.Value.Type.Slice(), "|")
	}
	return "{}"
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return openapi3.TypeNull
	case bool:
		return openapi3.TypeBoolean
	case json.Number, float64:
		return openapi3.TypeNumber
	case string:
		return openapi3.TypeString
	case []any:
		return openapi3.TypeArray
	case map[string]any:
		return openapi3.TypeObject
	}
	return fmt.Sprintf("%T", v)
}

// describe names a value's JSON type, with the value itself when it is short.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case []any:
		return fmt.Sprintf("array of %d", len(v))
	case map[string]any:
		if obj, ok := v["object"].(string); ok {
			return fmt.Sprintf("object %q", obj)
		}
		return "object"
	}
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		b = append(b[:77:77], "..."...)
	}
	return jsonType(v) + " " + string(b)
}

// utf16Len is a string's length as JSON Schema counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// unsupportedProperty extracts the key from kin-openapi's
// `property "foo" is unsupported`.
func unsupportedProperty(reason string) (string, bool) {
	q, ok := strings.CutPrefix(reason, "property ")
	if !ok {
		return "", false
	}
	if q, ok = strings.CutSuffix(q, " is unsupported"); !ok {
		return "", false
	}
	k, err := strconv.Unquote(q)
	return k, err == nil
}

var ident = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// render writes segs as a path from "$", following the document so that
// array indexes ([0]) and object keys (.key or ["odd key"]) are told apart.
func (c *collector) render(segs []string) string {
	var b strings.Builder
	b.WriteByte('$')
	cur := c.root
	for _, seg := range segs {
		if arr, ok := cur.([]any); ok {
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(arr) {
				fmt.Fprintf(&b, "[%d]", i)
				cur = arr[i]
				continue
			}
		}
		if m, ok := cur.(map[string]any); ok {
			cur = m[seg]
		} else {
			cur = nil
		}
		if ident.MatchString(seg) {
			b.WriteByte('.')
			b.WriteString(seg)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Quote(seg))
			b.WriteByte(']')
		}
	}
	return b.String()
}
