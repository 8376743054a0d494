package sqlstore

import (
	"context"
	"unicode/utf8"

	"remit"
)

// indexCustomer brings the search structures of a customer (metadata rows;
// on SQLite the trigram document too) in line with c; rowid is the
// customer's row (SQLite only). old is what was indexed before (nil for a
// new customer).
func (t *tx) indexCustomer(ctx context.Context, s remit.Scope, rowid int64, c *remit.Customer, old *indexed) error {
	live := !c.Deleted
	// Metadata rows: delete what changed or went, insert what is new.
	want := map[string]string{}
	if live {
		want = c.Metadata
	}
	if old != nil {
		for k, v := range old.metadata {
			if nv, ok := want[k]; !ok || nv != v {
				if _, err := t.exec(ctx, sqlDeleteMetadata, s.Account, c.ID, k); err != nil {
					return err
				}
			}
		}
	}
	for k, v := range want {
		if old != nil {
			if ov, ok := old.metadata[k]; ok && ov == v {
				continue
			}
		}
		if _, err := t.exec(ctx, sqlInsertMetadata, s.Account, s.Livemode, c.ID, k, v, c.CreatedNano); err != nil {
			return err
		}
	}
	if t.s.d.postgres() {
		// Substring search reads the folded columns through pg_trgm
		// indexes: there is no trigram document.
		return nil
	}
	// The trigram document, rewritten only when its text changed. FTS4
	// writes its pending terms to disk whenever a savepoint opens, and
	// every Update runs in one: written here, each document would become a
	// segment of its own. So the change waits for the end of the batch,
	// where no savepoint is open, and lands in the same commit.
	text := indexedText{}
	if live {
		text = indexedText{c.Email, c.Name, c.Phone}
	}
	if old != nil && old.text.equal(text) {
		return nil
	}
	tokens := text.tokens(s)
	hadDoc := old != nil && old.text.hasTrigrams()
	t.defer_(func(ctx context.Context) error {
		if hadDoc {
			if _, err := t.exec(ctx, sqlDeleteTrigrams, rowid); err != nil {
				return err
			}
		}
		if tokens != "" {
			if _, err := t.exec(ctx, sqlInsertTrigrams, rowid, tokens); err != nil {
				return err
			}
		}
		return nil
	})
	return nil
}

// indexed is what the search structures hold for a stored customer.
type indexed struct {
	metadata map[string]string
	text     indexedText
}

// indexedCustomer rebuilds what is indexed for the stored customer c.
func indexedCustomer(c *remit.Customer) *indexed {
	if c.Deleted {
		return &indexed{}
	}
	return &indexed{metadata: c.Metadata, text: indexedText{c.Email, c.Name, c.Phone}}
}

// indexedText is the text of a customer's trigram document: the fields that
// substring search looks into (nil: absent).
type indexedText struct{ email, name, phone *string }

func (x indexedText) equal(y indexedText) bool {
	same := func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return same(x.email, y.email) && same(x.name, y.name) && same(x.phone, y.phone)
}

// hasTrigrams reports whether the document of x has any token, i.e.
// whether one of its fields has three characters or more.
func (x indexedText) hasTrigrams() bool {
	long := func(v *string) bool { return v != nil && utf8.RuneCountInString(*v) >= 3 }
	return long(x.email) || long(x.name) || long(x.phone)
}

var (
	sqlInsertMetadata = static(`INSERT INTO customer_metadata (account_id, livemode, customer_id, key, value, created_ns) VALUES (?, ?, ?, ?, ?, ?)`)
	sqlDeleteMetadata = static(`DELETE FROM customer_metadata WHERE account_id = ? AND customer_id = ? AND key = ?`)
	sqlInsertTrigrams = static(`INSERT INTO customer_trigrams (docid, tokens) VALUES (?, ?)`)
	sqlDeleteTrigrams = static(`DELETE FROM customer_trigrams WHERE docid = ?`)
)
