package form

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"remit"
)

// Decode fills the struct that dst points to from the branch n.
//
// Struct fields are matched by their `form:"name,options"` tag; untagged
// fields are ignored and anonymous struct fields are flattened. Options:
//
//	required   the parameter must be sent (parameter_missing)
//	max=N      a string may hold at most N characters
//	enum=a|b   a string must be one of the listed values
//	scalar     (tag name empty) receives the value when the parent is sent as a plain value
//
// Supported field types: string, int64, bool, float64, pointers to those,
// slices, map[string]string, structs, and any type whose pointer has the
// FormEmpty/FormTarget methods of remit.Emptyable (the only place "" is
// accepted as "clear"). A child that matches no field is a parameter_unknown
// error; "" for any other scalar is parameter_invalid_empty.
func Decode(n *Node, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic("form: Decode needs a pointer to a struct")
	}
	return decodeStruct(n, v.Elem(), "")
}

// emptyable is implemented by *remit.Emptyable[T].
type emptyable interface {
	FormEmpty()
	FormTarget() any
}

type options struct {
	required bool
	scalar   bool
	max      int
	enum     []string
}

type field struct {
	name  string
	index []int
	opts  options
}

type structPlan struct {
	fields []field
	byName map[string]int
	scalar int // index into fields of the scalar field, or -1
}

var plans sync.Map // reflect.Type -> *structPlan

func planFor(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{byName: map[string]int{}, scalar: -1}
	collectFields(t, nil, p)
	plans.Store(t, p)
	return p
}

func collectFields(t reflect.Type, index []int, p *structPlan) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag, ok := sf.Tag.Lookup("form")
		if !ok {
			if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
				collectFields(sf.Type, idx, p)
			}
			continue
		}
		parts := strings.Split(tag, ",")
		f := field{name: parts[0], index: idx}
		for _, o := range parts[1:] {
			switch {
			case o == "required":
				f.opts.required = true
			case o == "scalar":
				f.opts.scalar = true
			case strings.HasPrefix(o, "max="):
				n, err := strconv.Atoi(o[4:])
				if err != nil {
					panic("form: bad max in tag of " + sf.Name)
				}
				f.opts.max = n
			case strings.HasPrefix(o, "enum="):
				f.opts.enum = strings.Split(o[5:], "|")
			default:
				panic("form: unknown option " + o + " in tag of " + sf.Name)
			}
		}
		p.fields = append(p.fields, f)
		if f.opts.scalar {
			p.scalar = len(p.fields) - 1
		} else {
			p.byName[f.name] = len(p.fields) - 1
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "[" + key + "]"
}

func decodeStruct(n *Node, v reflect.Value, path string) error {
	p := planFor(v.Type())
	if n.Leaf {
		if p.scalar >= 0 {
			f := p.fields[p.scalar]
			return decodeValue(n, v.FieldByIndex(f.index), path, f.opts)
		}
		return remit.Errorf("", path, "Invalid object: %s must be a hash of parameters, not a single value.", path)
	}
	seen := make([]bool, len(p.fields))
	for _, c := range n.Children {
		i, ok := p.byName[c.Key]
		if !ok || c.Key == "" {
			name := join(path, c.Key)
			if c.Key == "" {
				name = path + "[]"
			}
			return remit.Errorf("parameter_unknown", name, "Received unknown parameter: %s", name)
		}
		seen[i] = true
		f := p.fields[i]
		if err := decodeValue(c.Node, v.FieldByIndex(f.index), join(path, f.name), f.opts); err != nil {
			return err
		}
	}
	for i, f := range p.fields {
		if f.opts.required && !seen[i] {
			name := join(path, f.name)
			return remit.Errorf("parameter_missing", name, "Missing required param: %s.", name)
		}
	}
	return nil
}

func decodeValue(n *Node, v reflect.Value, path string, o options) error {
	if v.CanAddr() {
		if e, ok := v.Addr().Interface().(emptyable); ok {
			if n.Leaf && n.Value == "" {
				e.FormEmpty()
				return nil
			}
			return decodeValue(n, reflect.ValueOf(e.FormTarget()).Elem(), path, o)
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Leaf && n.Value == "" && v.Type().Elem().Kind() != reflect.Slice {
			return invalidEmpty(path)
		}
		nv := reflect.New(v.Type().Elem())
		if err := decodeValue(n, nv.Elem(), path, o); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case reflect.Struct:
		return decodeStruct(n, v, path)
	case reflect.Slice:
		return decodeSlice(n, v, path, o)
	case reflect.Map:
		return decodeMap(n, v, path)
	}
	if !n.Leaf {
		return remit.Errorf("", path, "Invalid %s: %s must be a single value, not a hash or array.", kindName(v.Kind()), path)
	}
	if n.Value == "" {
		return invalidEmpty(path)
	}
	s := n.Value
	switch v.Kind() {
	case reflect.String:
		if o.max > 0 && utf8.RuneCountInString(s) > o.max {
			return remit.Errorf("", path, "Invalid string: %s; must be at most %d characters", truncate(s), o.max)
		}
		if err := checkText(path, s); err != nil {
			return err
		}
		if o.enum != nil && !contains(o.enum, s) {
			return remit.Errorf("", path, "Invalid %s: must be one of %s", path, oneOf(o.enum))
		}
		v.SetString(s)
	case reflect.Int64:
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return remit.Errorf("parameter_invalid_integer", path, "Invalid integer: %s", truncate(s))
		}
		v.SetInt(i)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil || (s != "true" && s != "false") {
			return remit.Errorf("", path, "Invalid boolean: %s", truncate(s))
		}
		v.SetBool(b)
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return remit.Errorf("", path, "Invalid decimal: %s", truncate(s))
		}
		v.SetFloat(f)
	default:
		panic("form: unsupported field kind " + v.Kind().String())
	}
	return nil
}

// decodeSlice accepts "a[]=x" items, "a[0]=x" indexed items (ordered by
// index; gaps are closed), and "a=" for an empty array.
func decodeSlice(n *Node, v reflect.Value, path string, o options) error {
	if n.Leaf {
		if n.Value == "" {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return nil
		}
		return remit.Errorf("", path, "Invalid array: %s must be an array (%s[]=value or %s[0]=value).", path, path, path)
	}
	type item struct {
		index int
		node  *Node
	}
	items := make([]item, 0, len(n.Children))
	for pos, c := range n.Children {
		idx := pos
		if c.Key != "" {
			i, err := strconv.Atoi(c.Key)
			if err != nil || i < 0 || c.Key != strconv.Itoa(i) {
				return remit.Errorf("", join(path, c.Key), "Invalid array: %s must be indexed by integers, not %q.", path, c.Key)
			}
			if i > MaxIndex {
				return remit.Errorf("", join(path, c.Key), "Invalid array index %d: at most %d.", i, MaxIndex)
			}
			idx = i
		}
		items = append(items, item{idx, c.Node})
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].index < items[b].index })
	s := reflect.MakeSlice(v.Type(), len(items), len(items))
	for i, it := range items {
		if err := decodeValue(it.node, s.Index(i), fmt.Sprintf("%s[%d]", path, i), o); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

// decodeMap fills a map[string]string; "" values are kept (metadata uses
// them to remove a key).
func decodeMap(n *Node, v reflect.Value, path string) error {
	if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.String {
		panic("form: only map[string]string is supported")
	}
	if n.Leaf {
		return remit.Errorf("", path, "Invalid hash: %s must be a hash of keys and values (%s[key]=value).", path, path)
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Children))
	for _, c := range n.Children {
		name := join(path, c.Key)
		if c.Key == "" {
			return remit.Errorf("", path+"[]", "Invalid hash: %s needs named keys, not %s[].", path, path)
		}
		if !c.Node.Leaf {
			return remit.Errorf("", name, "Invalid value for %s: it must be a string, not a hash or array.", name)
		}
		if err := checkText(name, c.Key); err != nil {
			return err
		}
		if err := checkText(name, c.Node.Value); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(c.Key), reflect.ValueOf(c.Node.Value))
	}
	v.Set(m)
	return nil
}

// ValidText reports whether s is text remit accepts anywhere (parameters,
// ids in URLs, headers): valid UTF-8 without the NUL character, which no
// Stripe value carries and PostgreSQL cannot store in or compare with a
// text column.
func ValidText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// checkText refuses a parameter value (or key) that is not ValidText.
func checkText(path, s string) error {
	if !utf8.ValidString(s) {
		return remit.Errorf("", path, "Invalid string: %s must be valid UTF-8.", path)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return remit.Errorf("", path, "Invalid string: %s must not contain the NUL character (%%00).", path)
	}
	return nil
}

func invalidEmpty(path string) error {
	return remit.Errorf("parameter_invalid_empty", path,
		"You passed an empty string for '%s'. We assume empty values are an attempt to unset a parameter; however '%s' cannot be unset. You should remove '%s' from your request or supply a non-empty value.",
		path, path, path)
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Int64:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Float64:
		return "decimal"
	}
	return "string"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// oneOf renders ["a","b","c"] as "a, b, or c", as Stripe's messages do.
func oneOf(list []string) string {
	switch len(list) {
	case 1:
		return list[0]
	case 2:
		return list[0] + " or " + list[1]
	}
	return strings.Join(list[:len(list)-1], ", ") + ", or " + list[len(list)-1]
}

// truncate keeps error messages bounded when a client sends a huge value.
func truncate(s string) string {
	const max = 100
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
