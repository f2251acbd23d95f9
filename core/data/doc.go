// Package data holds the datasets: a registry of generators, one file per
// dataset, each deterministic given its random source.
//
// A Set stores its examples row-major: X is N×Dim, Y is N×Outputs (one-hot
// for classification, the target values for regression) and Labels holds
// each example's class. Two-dimensional sets live in the square [−1, 1]²,
// the plane the playground draws.
//
// The image sets mnist and mnist14 (mnist.go) hold real data that arrives
// after start-up: the page fetches web/mnist and calls SetMNIST, native
// programs call LoadMNISTFiles; until then Info.Ready reports
// ErrMNISTNotLoaded. A run draws its training set from the training split
// and its test set from the test split (Params.Split).
//
// The user's own data are Examples, a fixed collection that a run splits
// into training and test sets (Examples.Split): points drawn on the page
// (drawn.go, the dataset "drawn", whose points a link carries) and the rows
// of an uploaded CSV file (csv.go, the dataset "csv": ParseCSV checks a file
// whole, SetCSV makes it the dataset's table). Their Generate gives only a
// picture of the kind; core/run builds a run's sets from the experiment.
//
// The package must not import go-app or syscall/js.
package data
