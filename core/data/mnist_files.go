package data

import (
	"fmt"
	"os"
	"path/filepath"
)

// LoadMNISTFiles reads the asset's two files, MNISTTrainFile and
// MNISTTestFile, from dir (web/mnist in this repository) and passes them
// to SetMNIST. Native programs and tests call it; the page fetches the
// files itself and calls SetMNIST.
func LoadMNISTFiles(dir string) error {
	train, err := os.ReadFile(filepath.Join(dir, MNISTTrainFile))
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	test, err := os.ReadFile(filepath.Join(dir, MNISTTestFile))
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	return SetMNIST(train, test)
}
