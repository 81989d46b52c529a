package simulator

import "testing"

func TestLookupDevice(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"iPhone 15", "iPhone 15", false},
		{"iphone-se", "iPhone SE", false},
		{" PIXEL_7 ", "Pixel 7", false},
		{"ipadmini", "iPad mini", false},
		{"Nokia 3310", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		d, err := LookupDevice(tt.in)
		if (err != nil) != tt.wantErr || d.Name != tt.want {
			t.Errorf("LookupDevice(%q) = %q, %v; want %q, err %v", tt.in, d.Name, err, tt.want, tt.wantErr)
		}
	}
}
