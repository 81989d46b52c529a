package project

import "testing"

func TestFIFO(t *testing.T) {
	f := fifo[int]{n: 2}
	f.put("a", 1)
	f.put("b", 2)
	f.put("a", 3) // an existing key is replaced in place, not made newer
	f.put("c", 4) // drops the oldest key: a
	for _, tt := range []struct {
		key  string
		want int
		ok   bool
	}{{"a", 0, false}, {"b", 2, true}, {"c", 4, true}} {
		if v, ok := f.get(tt.key); v != tt.want || ok != tt.ok {
			t.Errorf("get(%q) = %d, %v; want %d, %v", tt.key, v, ok, tt.want, tt.ok)
		}
	}
	if len(f.keys) != 2 || len(f.items) != 2 {
		t.Errorf("holds %d keys and %d items, want 2", len(f.keys), len(f.items))
	}
}
