package proc

// HandOver starts the shutdown sequence because a successor process has
// taken over this one's listening sockets (an in-place upgrade, see package
// core/upgrade), and reports whether it did: it does nothing once the
// sequence has begun. The sequence is the usual one without the propagation
// delay: the sockets stay open in the successor, so no client or load
// balancer has to let go of this process before it drains. by says what
// handed over, for the log and the observers; the process exits 0 when the
// sequence ends well.
func (r *Registry) HandOver(by string) bool {
	r.listen()
	r.mu.Lock()
	if r.state != StateServing {
		r.mu.Unlock()
		return false
	}
	r.handedOver = true
	r.mu.Unlock()
	r.adoptGoZeroConf()
	return r.trigger(by, by+", shutting down without propagation delay...", nil)
}

// HandedOver reports whether [Registry.HandOver] started the sequence. A
// server then stops accepting as soon as it drains: its successor accepts on
// the same sockets.
func (r *Registry) HandedOver() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handedOver
}
