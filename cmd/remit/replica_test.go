package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"remit/internal/pgtest"
)

// End-to-end test of two `remit serve` replicas on one PostgreSQL database.

const replicaKey = "sk_test_replica0123456789abcdef"

// errorCode returns error.code of a Stripe error body, or "".
func errorCode(b []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	json.Unmarshal(b, &e)
	return e.Error.Code
}

// created is a customer whose create was answered 2xx.
type created struct {
	id, name string
	via      int // index of the replica that answered
}

// checkPresent retrieves every customer through s, with a few goroutines,
// and fails the test for any that is missing or has another name.
func checkPresent(t *testing.T, s *server, cs []created) {
	t.Helper()
	const workers = 8
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed []string
		next   atomic.Int64
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(cs) {
					return
				}
				c := cs[i]
				a, err := s.tryIdem(client, replicaKey, "GET", "/v1/customers/"+c.id, "", "")
				if err == nil && a.status == 200 && bytes.Contains(a.body, []byte(`"name":"`+c.name+`"`)) {
					continue
				}
				mu.Lock()
				if err != nil {
					failed = append(failed, fmt.Sprintf("%s (%s, answered by replica %d): %v", c.id, c.name, c.via, err))
				} else {
					failed = append(failed, fmt.Sprintf("%s (%s, answered by replica %d): %d %s", c.id, c.name, c.via, a.status, a.body))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		if len(failed) > 10 {
			failed = append(failed[:10], fmt.Sprintf("... and %d more", len(failed)-10))
		}
		t.Fatalf("%d of %d answered creates not retrievable through %s:\n%s", len(failed), len(cs), s.addr, strings.Join(failed, "\n"))
	}
}

// failures counts failed requests per replica, with a few samples.
type failures struct {
	mu      sync.Mutex
	n       [2]int // all failures
	http    [2]int // of which answers other than a 2xx customer
	samples [2][]string
}

func (f *failures) note(via int, what string, answered bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n[via]++
	if answered {
		f.http[via]++
	}
	if len(f.samples[via]) < 5 {
		f.samples[via] = append(f.samples[via], what)
	}
}

func (f *failures) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("replica 0: %d %q; replica 1: %d %q", f.n[0], f.samples[0], f.n[1], f.samples[1])
}

// createLoop creates customers through srv until stop is set, the deadline
// passes, max requests were sent, or (with quitOnExit) srv has exited; it
// adds every 2xx answer to out.
func createLoop(srvs []*server, pick func(i int) int, prefix string, max int, deadline time.Time,
	stop *atomic.Bool, quitOnExit bool, mu *sync.Mutex, out *[]created, errs *failures) {
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	for i := 0; i < max && !stop.Load() && time.Now().Before(deadline); i++ {
		via := pick(i)
		s := srvs[via]
		name := fmt.Sprintf("%s-%d", prefix, i)
		a, err := s.tryIdem(client, replicaKey, "POST", "/v1/customers", "name="+name, "")
		if err != nil {
			if quitOnExit && s.exited() {
				return
			}
			errs.note(via, err.Error(), false)
			continue
		}
		if a.status/100 != 2 {
			errs.note(via, fmt.Sprintf("%d %s", a.status, a.body), true)
			continue
		}
		var o struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		if json.Unmarshal(a.body, &o) != nil || o.ID == "" || o.Name != name {
			errs.note(via, fmt.Sprintf("%d %s", a.status, a.body), true)
			continue
		}
		mu.Lock()
		*out = append(*out, created{id: o.ID, name: name, via: via})
		mu.Unlock()
	}
}

func TestTwoReplicasOnPostgres(t *testing.T) {
	begin := time.Now()
	db := pgtest.NewDatabase(t)
	run := fmt.Sprintf("%x", time.Now().UnixNano())

	// Both replicas start at once on the empty database: they migrate it
	// under the advisory lock and agree on one default account, to which
	// the same key belongs (Bootstrap is one transaction).
	srvs := []*server{
		startProcess(t, db, nil, "--api-key", replicaKey),
		startProcess(t, db, nil, "--api-key", replicaKey),
	}
	for _, s := range srvs {
		s.waitReady(t)
	}
	for i, s := range srvs {
		wantStatus(t, s.do(t, replicaKey, "GET", "/v1/customers", ""), 200)
		if out := s.stdout.String(); strings.Contains(out, "sk_test_") {
			t.Errorf("replica %d printed a key although --api-key was given:\n%s", i, out)
		}
	}
	t.Logf("both replicas healthy after %v", time.Since(begin).Round(time.Millisecond))
	parent := t // processes started in subtests must outlive them

	t.Run("same idempotency key on both", func(t *testing.T) {
		const rounds = 30
		client := &http.Client{Timeout: 10 * time.Second}
		defer client.CloseIdleConnections()
		var replayed, inUse int
		for r := range rounds {
			email := fmt.Sprintf("idem-%d-%s@example.com", r, run)
			body := "email=" + url.QueryEscape(email) + "&name=Idem" + fmt.Sprint(r)
			idem := fmt.Sprintf("replica-%s-%d", run, r)
			var (
				wg    sync.WaitGroup
				start = make(chan struct{})
				ans   [2]answer
				errs  [2]error
			)
			for i, s := range srvs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					ans[i], errs[i] = s.tryIdem(client, replicaKey, "POST", "/v1/customers", body, idem)
				}()
			}
			close(start)
			wg.Wait()
			var ok []answer
			for i := range srvs {
				if errs[i] != nil {
					t.Fatalf("round %d, replica %d: %v", r, i, errs[i])
				}
				a := ans[i]
				switch {
				case a.status == 200:
					ok = append(ok, a)
					if a.header.Get("Idempotent-Replayed") == "true" {
						replayed++
					}
				case a.status == 409 && errorCode(a.body) == "idempotency_key_in_use":
					inUse++
				default:
					t.Fatalf("round %d, replica %d: %d %s", r, i, a.status, a.body)
				}
			}
			if len(ok) == 0 {
				t.Fatalf("round %d: no replica answered 200: %s / %s", r, ans[0].body, ans[1].body)
			}
			originals := 0
			for _, a := range ok {
				if a.header.Get("Idempotent-Replayed") != "true" {
					originals++
				}
			}
			if originals != 1 {
				t.Fatalf("round %d: %d of the 200 answers are not replays, want exactly 1", r, originals)
			}
			id := jsonID(t, ok[0].body)
			if len(ok) == 2 && !bytes.Equal(ok[0].body, ok[1].body) {
				t.Fatalf("round %d: two different 200 bodies:\n%s\n%s", r, ok[0].body, ok[1].body)
			}
			// Exactly one customer with this email, seen by both replicas.
			for i, s := range srvs {
				a := s.do(t, replicaKey, "GET", "/v1/customers?limit=10&email="+url.QueryEscape(email), "")
				wantStatus(t, a, 200)
				var list struct {
					Data []json.RawMessage `json:"data"`
				}
				if err := json.Unmarshal(a.body, &list); err != nil {
					t.Fatal(err)
				}
				if len(list.Data) != 1 || jsonID(t, list.Data[0]) != id {
					t.Fatalf("round %d: replica %d lists %d customers for %s, want exactly %s:\n%s", r, i, len(list.Data), email, id, a.body)
				}
			}
		}
		t.Logf("%d rounds: %d replayed 200s, %d idempotency_key_in_use", rounds, replayed, inUse)
	})

	t.Run("load over both", func(t *testing.T) {
		const (
			workers   = 8
			perWorker = 3000
		)
		var (
			mu   sync.Mutex
			out  []created
			stop atomic.Bool
			errs failures
			wg   sync.WaitGroup
		)
		deadline := time.Now().Add(3 * time.Second)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				createLoop(srvs, func(i int) int { return (w + i) % 2 }, fmt.Sprintf("load%d", w), perWorker, deadline, &stop, false, &mu, &out, &errs)
			}()
		}
		wg.Wait()
		if errs.n[0]+errs.n[1] > 0 {
			t.Errorf("creates failed with both replicas up: %v", &errs)
		}
		if len(out) < 100 {
			t.Fatalf("only %d creates answered in 3 s", len(out))
		}
		var via [2][]created
		for _, c := range out {
			via[c.via] = append(via[c.via], c)
		}
		// Each replica's answers, read through the other one.
		checkPresent(t, srvs[1], via[0])
		checkPresent(t, srvs[0], via[1])
		t.Logf("%d creates (%d + %d), each retrieved through the other replica", len(out), len(via[0]), len(via[1]))
	})

	t.Run("kill -9 one replica under load", func(t *testing.T) {
		const (
			workers   = 8 // 4 through each replica
			perWorker = 3000
			minVictim = 100 // creates answered by the victim before the kill
		)
		var (
			mu   sync.Mutex
			out  []created
			stop atomic.Bool
			errs failures
			wg   sync.WaitGroup
		)
		victim, survivor := srvs[0], srvs[1]
		deadline := time.Now().Add(15 * time.Second)
		for w := range workers {
			wg.Add(1)
			target := w % 2
			go func() {
				defer wg.Done()
				createLoop(srvs, func(int) int { return target }, fmt.Sprintf("kill%d", w), perWorker, deadline, &stop, target == 0, &mu, &out, &errs)
			}()
		}
		countVia := func(i int) int {
			mu.Lock()
			defer mu.Unlock()
			n := 0
			for _, c := range out {
				if c.via == i {
					n++
				}
			}
			return n
		}
		for time.Now().Before(deadline) && countVia(0) < minVictim {
			time.Sleep(5 * time.Millisecond)
		}
		if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		victim.wait(t)
		// The survivor's workers go on for a while after the kill.
		before := countVia(1)
		time.Sleep(500 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
		afterKill := countVia(1) - before

		if n := countVia(0); n < minVictim {
			t.Fatalf("only %d creates answered by the victim before the kill", n)
		}
		// Only requests to the killed replica may fail, and only in transport
		// (reset, EOF, refused): no replica answers an error.
		if errs.n[1] > 0 || errs.http[0] > 0 {
			t.Fatalf("failed requests besides the killed replica's connections: %v", &errs)
		}
		if afterKill == 0 {
			t.Fatalf("the survivor answered no create in the 500 ms after the kill\nstderr:\n%s", survivor.stderr)
		}
		mu.Lock()
		all := slices.Clone(out)
		mu.Unlock()
		checkPresent(t, survivor, all)
		// The survivor keeps serving.
		wantStatus(t, survivor.do(t, replicaKey, "POST", "/v1/customers", "name=After+kill"), 200)
		t.Logf("%d answered creates (%d by the killed replica) all present; survivor answered %d creates after the kill; %d requests to the killed replica failed in transport",
			len(all), countVia(0), afterKill, errs.n[0])

		// A new replica replaces the killed one.
		srvs[0] = startProcess(parent, db, nil, "--api-key", replicaKey)
		srvs[0].waitReady(t)
		checkPresent(t, srvs[0], all[:min(len(all), 200)])
	})

	t.Run("balance ledger across replicas", func(t *testing.T) {
		const (
			total   = 40
			workers = 40 // all at once, 20 through each replica
		)
		c := srvs[0].do(t, replicaKey, "POST", "/v1/customers", "name=Ledger")
		wantStatus(t, c, 200)
		cus := jsonID(t, c.body)
		path := "/v1/customers/" + cus + "/balance_transactions"
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			endings []int64
			failed  []string
			next    atomic.Int64
		)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 10 * time.Second}
				defer client.CloseIdleConnections()
				for {
					i := next.Add(1) - 1
					if i >= total {
						return
					}
					s := srvs[(int(i)+w)%2]
					a, err := s.tryIdem(client, replicaKey, "POST", path, "amount=1&currency=usd", "")
					var bt struct {
						Amount        int64 `json:"amount"`
						EndingBalance int64 `json:"ending_balance"`
					}
					mu.Lock()
					switch {
					case err != nil:
						failed = append(failed, fmt.Sprintf("via %s: %v", s.addr, err))
					case a.status != 200 || json.Unmarshal(a.body, &bt) != nil || bt.Amount != 1:
						failed = append(failed, fmt.Sprintf("via %s: %d %s", s.addr, a.status, a.body))
					default:
						endings = append(endings, bt.EndingBalance)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(failed) > 0 {
			t.Fatalf("%d of %d balance transactions failed:\n%s", len(failed), total, strings.Join(failed, "\n"))
		}
		want := make([]int64, total)
		for i := range want {
			want[i] = int64(i + 1)
		}
		slices.Sort(endings)
		if !slices.Equal(endings, want) {
			t.Fatalf("answered ending balances %v, want 1..%d", endings, total)
		}
		for i, s := range srvs {
			a := s.do(t, replicaKey, "GET", "/v1/customers/"+cus, "")
			wantStatus(t, a, 200)
			var got struct {
				Balance int64 `json:"balance"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil || got.Balance != total {
				t.Fatalf("replica %d: customer balance: %s, want %d", i, a.body, total)
			}
			a = s.do(t, replicaKey, "GET", path+"?limit=100", "")
			wantStatus(t, a, 200)
			var list struct {
				Data []struct {
					Amount        int64 `json:"amount"`
					EndingBalance int64 `json:"ending_balance"`
				} `json:"data"`
			}
			if err := json.Unmarshal(a.body, &list); err != nil {
				t.Fatal(err)
			}
			var stored []int64
			for _, bt := range list.Data {
				if bt.Amount != 1 {
					t.Fatalf("replica %d: stored transaction of %d, want 1", i, bt.Amount)
				}
				stored = append(stored, bt.EndingBalance)
			}
			slices.Sort(stored)
			if !slices.Equal(stored, want) {
				t.Fatalf("replica %d: stored ending balances %v, want 1..%d", i, stored, total)
			}
		}
	})

	for i, s := range srvs {
		if code := s.stop(t, syscall.SIGTERM); code != 0 {
			t.Errorf("replica %d: exit code %d after SIGTERM\nstderr:\n%s", i, code, s.stderr)
		}
	}
	t.Logf("total %v", time.Since(begin).Round(time.Millisecond))
}
