package proc

import "slices"

// RemoveHook removes the hook named name from phase and reports whether it
// did. It does nothing, and returns false, if no such hook is pending or if
// the shutdown has already begun the phase: the sequence runs the hook.
//
// A server that stops on its own, before the process's shutdown, removes its
// hooks, so that the shutdown does not run them and another server may take
// their names.
func (r *Registry) RemoveHook(phase Phase, name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !phase.valid() || r.taken[phase] {
		return false
	}
	i := slices.IndexFunc(r.pending[phase], func(h *hook) bool { return h.name == name })
	if i < 0 {
		return false
	}
	h := r.pending[phase][i]
	r.pending[phase] = slices.Delete(r.pending[phase], i, i+1)
	delete(r.names[phase], name)
	if h.phase == PhaseDrain && !h.internal {
		// Entries with the same channel are alike: remove any one of them.
		if j := slices.Index(r.servers, h.safe); j >= 0 {
			r.servers = slices.Delete(r.servers, j, j+1)
		}
	}
	return true
}
