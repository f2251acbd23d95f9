package rule

// Test hooks for the feedback family: the rules' own feedback storage, so
// that tests in package rule_test can set it (for instance to the forward
// weights) or recompute an update by hand.

// FeedbackStorage returns the matrix through which r sends layer l's errors
// back, in W_l's shape: the rule's own slice, not a copy.
func FeedbackStorage(r Rule, l int) []float64 {
	switch r := r.(type) {
	case *FeedbackAlignment:
		return r.b[l]
	case *WeightMirror:
		return r.b[l]
	case *KolenPollack:
		return r.b[l].Value
	}
	panic("FeedbackStorage: not a rule with one feedback matrix per layer")
}

// DirectFeedback returns D_kᵀ (n_L × n_{k+1}) of a DirectFeedbackAlignment
// for hidden layer k: δ_k = (e·D_kᵀ) ⊙ f′(a_k) for the row vector e.
func DirectFeedback(r Rule, k int) []float64 {
	return r.(*DirectFeedbackAlignment).d[k]
}
