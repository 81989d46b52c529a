package project

// fifo keeps at most n values by key; a new key beyond n drops the oldest.
// It does no locking: its owner holds its own lock.
type fifo[V any] struct {
	n     int
	keys  []string // oldest first
	items map[string]V
}

func (f *fifo[V]) put(key string, v V) {
	if f.items == nil {
		f.items = map[string]V{}
	}
	if _, ok := f.items[key]; !ok {
		f.keys = append(f.keys, key)
	}
	f.items[key] = v
	for len(f.keys) > f.n {
		delete(f.items, f.keys[0])
		f.keys = f.keys[1:]
	}
}

func (f *fifo[V]) get(key string) (V, bool) {
	v, ok := f.items[key]
	return v, ok
}
