// Package acceptq closes a listening TCP socket without resetting the
// connections that the kernel has already accepted for it.
//
// A listening socket has an accept queue: connections whose handshake the
// kernel completed and that wait for the server's accept. The client of such
// a connection believes it is connected and sends its request; when the
// server closes the listener, the kernel resets each of them, and a client
// that sent a POST cannot know whether it ran (it did not). Under keep-alive
// clients that a draining server tells to reconnect (Connection: close), a
// busy server has about one such connection per client at any time.
//
// [Quiesce] first stops new handshakes from completing, then lets the
// server's accept loop take what is queued; only then does the server close
// the listener. A client whose connection attempt came too late gets no
// answer to its SYN, retries it after its retransmission timeout and is then
// refused: it knows nothing was sent. Linux only; elsewhere, and for
// listeners that are not a *net.TCPListener (a socket shared with another
// process, as in an in-place upgrade, must not be touched), Quiesce returns
// [ErrUnsupported] and the caller closes as before.
package acceptq
