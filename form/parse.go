// Package form decodes Stripe's request encoding: application/x-www-form-urlencoded
// pairs whose keys use bracket notation for nesting ("metadata[plan]=pro",
// "expand[]=x", "expand[0]=x", "invoice_settings[custom_fields][0][name]=PO").
//
// Parse turns the pairs into a Node tree, keeping the order in which keys
// first appeared; Decode walks a tree into a tagged Go struct, checking names,
// types, lengths and enums, and reports every problem as a *remit.Error whose
// Param is the bracket path of the offending parameter.
package form

import (
	"net/url"
	"strings"

	"remit"
)

// Limits bound what Parse accepts, so that a hostile body cannot make the
// server build an unbounded tree.
const (
	MaxPairs = 2000 // key=value pairs in one request
	MaxDepth = 8    // bracket levels in one key
	MaxIndex = 1000 // largest array index ("a[1000]")
	MaxKey   = 1000 // bytes in one key
)

// Node is one parameter: a leaf with a string value, or a branch whose
// children are named (objects, maps, indexed arrays) or appended ("a[]").
type Node struct {
	Leaf     bool
	Value    string
	Children []Child
}

// Child is a named child of a branch; Key is "" for an appended item ("a[]=x").
type Child struct {
	Key  string
	Node *Node
}

// Get returns the child named key, or nil.
func (n *Node) Get(key string) *Node {
	for _, c := range n.Children {
		if c.Key == key {
			return c.Node
		}
	}
	return nil
}

// lastAppended returns the last child appended with "[]", or nil.
func (n *Node) lastAppended() *Node {
	if len(n.Children) == 0 || n.Children[len(n.Children)-1].Key != "" {
		return nil
	}
	return n.Children[len(n.Children)-1].Node
}

// Remove deletes the child named key and returns it, or nil.
func (n *Node) Remove(key string) *Node {
	for i, c := range n.Children {
		if c.Key == key {
			n.Children = append(n.Children[:i], n.Children[i+1:]...)
			return c.Node
		}
	}
	return nil
}

// Parse decodes a query string or form body into a tree. Keys may carry
// brackets raw or percent-encoded. A repeated key replaces the earlier value.
// It fails on malformed escapes, unbalanced brackets, a key used both as a
// value and as a container, and on anything over the limits above.
func Parse(raw string) (*Node, error) {
	root := &Node{}
	if raw == "" {
		return root, nil
	}
	pairs := 0
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		if pairs++; pairs > MaxPairs {
			return nil, remit.Errorf("", "", "Too many parameters: a request may carry at most %d.", MaxPairs)
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, remit.Errorf("", "", "Invalid URL encoding in parameter name %q.", k)
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, remit.Errorf("", key, "Invalid URL encoding in the value of %s.", key)
		}
		if err := root.insert(key, value); err != nil {
			return nil, err
		}
	}
	return root, nil
}

// insert places value at the bracket path key.
func (n *Node) insert(key, value string) error {
	if len(key) > MaxKey {
		return remit.Errorf("", "", "Parameter name too long: at most %d characters.", MaxKey)
	}
	segs, ok := splitKey(key)
	if !ok {
		return remit.Errorf("", key, "Invalid parameter name %q: unbalanced brackets.", key)
	}
	if len(segs) > MaxDepth {
		return remit.Errorf("", key, "Parameter %s is nested too deeply (at most %d levels).", key, MaxDepth)
	}
	cur := n
	for i, seg := range segs {
		if cur.Leaf {
			return conflict(key)
		}
		last := i == len(segs)-1
		var child *Node
		switch {
		case seg != "":
			child = cur.Get(seg)
		case !last:
			// "a[][name]=x&a[][value]=y" is one item with two fields, as
			// Rack and Stripe read it: keep filling the last appended item
			// until a field repeats.
			child = cur.lastAppended()
			if child != nil && (child.Leaf || child.Get(segs[i+1]) != nil) {
				child = nil
			}
		}
		if child == nil {
			child = &Node{}
			cur.Children = append(cur.Children, Child{Key: seg, Node: child})
		}
		if last {
			if !child.Leaf && len(child.Children) > 0 {
				return conflict(key)
			}
			child.Leaf, child.Value = true, value
		}
		cur = child
	}
	return nil
}

func conflict(key string) error {
	return remit.Errorf("", key, "Invalid parameter %s: it is sent both as a value and as a hash or array.", key)
}

// splitKey splits "a[b][][c]" into ["a", "b", "", "c"].
func splitKey(key string) ([]string, bool) {
	open := strings.IndexByte(key, '[')
	if open < 0 {
		return []string{key}, !strings.Contains(key, "]")
	}
	if open == 0 || strings.Contains(key[:open], "]") {
		return nil, false
	}
	segs := []string{key[:open]}
	rest := key[open:]
	for rest != "" {
		if rest[0] != '[' {
			return nil, false
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, false
		}
		seg := rest[1:end]
		if strings.ContainsRune(seg, '[') {
			return nil, false
		}
		segs = append(segs, seg)
		rest = rest[end+1:]
	}
	return segs, true
}
