package app

import "testing"

func TestWorkerSetting(t *testing.T) {
	for _, test := range []struct {
		query, want string
		on          bool
	}{
		{"", "", workerDefault},
		{"v=1&data=xor", "v=1&data=xor", workerDefault},
		{"v=1&worker=0&data=xor", "data=xor&v=1", false},
		{"worker=1", "", true},
		{"worker=yes", "", true},
	} {
		got, on := workerSetting(test.query)
		if got != test.want || on != test.on {
			t.Errorf("workerSetting(%q) = %q, %v; want %q, %v", test.query, got, on, test.want, test.on)
		}
	}
}
