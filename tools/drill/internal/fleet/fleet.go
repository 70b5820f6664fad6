// Package fleet starts instances of the example services (example/service,
// example/mq) as processes, sends them SIGTERM and measures how they exit.
package fleet

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// readyTimeout bounds the wait for a new instance to answer GET /ping.
const readyTimeout = 20 * time.Second

type (
	// A Spec says how to start instances of one build.
	Spec struct {
		// Bin is the service binary.
		Bin string
		// Dir holds the instances' stores and logs.
		Dir string
		// EtcdHosts and EtcdKey register the zrpc service; no Hosts: none.
		EtcdHosts []string
		EtcdKey   string
		// WrapUpTime and WaitTime are the service's Shutdown conf.
		WrapUpTime, WaitTime time.Duration
		// RestPort and RpcPort are the ports to listen on; 0: free ones.
		RestPort, RpcPort int
		// Args are more flags of the service.
		Args []string
		// RESTOnly starts a service that has no zrpc port (example/mq):
		// no -rpc-port flag, and RpcAddr stays empty.
		RESTOnly bool
	}

	// An Instance is one running service process.
	Instance struct {
		Name      string
		RestAddr  string
		RpcAddr   string
		StorePath string
		LogPath   string

		cmd    *exec.Cmd
		log    *os.File
		exited chan struct{} // closed when the process has exited
		state  *os.ProcessState
		exitAt time.Time
		termAt time.Time
	}

	// An Exit is how an instance ended.
	Exit struct {
		Name string
		// Code is the exit code, or 128+signal if a signal ended it.
		Code int
		// After is the time from SIGTERM to exit.
		After time.Duration
		// Killed is true if the drill had to SIGKILL it.
		Killed bool
	}
)

// Start starts the instance called name and returns once it answers GET
// /ping, or an error if it exits or is not ready within 20s.
func Start(spec Spec, name string) (*Instance, error) {
	restPort, rpcPort := spec.RestPort, spec.RpcPort
	var err error
	if restPort == 0 {
		if restPort, err = freePort(); err != nil {
			return nil, err
		}
	}
	if rpcPort == 0 && !spec.RESTOnly {
		if rpcPort, err = freePort(); err != nil {
			return nil, err
		}
	}
	i := &Instance{
		Name:      name,
		RestAddr:  "127.0.0.1:" + strconv.Itoa(restPort),
		StorePath: filepath.Join(spec.Dir, name+".store"),
		LogPath:   filepath.Join(spec.Dir, name+".log"),
		exited:    make(chan struct{}),
	}
	args := []string{"-name", name, "-store", i.StorePath, "-log-level", "error",
		"-rest-port", strconv.Itoa(restPort),
		"-wrapup", spec.WrapUpTime.String(), "-wait", spec.WaitTime.String()}
	if !spec.RESTOnly {
		i.RpcAddr = "127.0.0.1:" + strconv.Itoa(rpcPort)
		args = append(args, "-rpc-port", strconv.Itoa(rpcPort))
	}
	if len(spec.EtcdHosts) > 0 {
		args = append(args, "-etcd", strings.Join(spec.EtcdHosts, ","), "-etcd-key", spec.EtcdKey)
	}
	args = append(args, spec.Args...)
	if i.log, err = os.Create(i.LogPath); err != nil {
		return nil, fmt.Errorf("instance log: %w", err)
	}
	i.cmd = exec.Command(spec.Bin, args...)
	i.cmd.Stdout, i.cmd.Stderr = i.log, i.log
	if err := i.cmd.Start(); err != nil {
		i.log.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go i.wait()
	if err := i.ready(); err != nil {
		_ = i.cmd.Process.Kill()
		<-i.exited
		return nil, err
	}
	return i, nil
}

// wait reaps the process; it owns state and exitAt until exited is closed.
func (i *Instance) wait() {
	_ = i.cmd.Wait()
	i.exitAt = time.Now()
	i.state = i.cmd.ProcessState
	i.log.Close()
	close(i.exited)
}

// ready polls GET /ping until it answers 200.
func (i *Instance) ready() error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	deadline := time.After(readyTimeout)
	for {
		if resp, err := client.Get("http://" + i.RestAddr + "/ping"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ticker.C:
		case <-i.exited:
			return fmt.Errorf("%s exited before it was ready: %v; log %s ends:\n%s",
				i.Name, i.state, i.LogPath, logTail(i.LogPath))
		case <-deadline:
			return fmt.Errorf("%s not ready after %v (log %s)", i.Name, readyTimeout, i.LogPath)
		}
	}
}

// Term sends SIGTERM and records when.
func (i *Instance) Term() error {
	return i.Signal(syscall.SIGTERM)
}

// Signal sends sig and records when, as the start of the exit time.
func (i *Instance) Signal(sig syscall.Signal) error {
	i.termAt = time.Now()
	return i.cmd.Process.Signal(sig)
}

// Pid returns the process id.
func (i *Instance) Pid() int {
	return i.cmd.Process.Pid
}

// Wait waits for the process to exit, SIGKILLs it after timeout, and
// reports how it exited. Call it after Term, from one goroutine.
func (i *Instance) Wait(timeout time.Duration) Exit {
	e := Exit{Name: i.Name}
	select {
	case <-i.exited:
	case <-time.After(timeout):
		e.Killed = true
		_ = i.cmd.Process.Kill()
		<-i.exited
	}
	e.After = i.exitAt.Sub(i.termAt)
	e.Code = exitCode(i.state)
	return e
}

// Exited returns a channel closed when the process has exited.
func (i *Instance) Exited() <-chan struct{} {
	return i.exited
}

// exitCode returns the exit code, or 128+signal as a shell does.
func exitCode(s *os.ProcessState) int {
	if ws, ok := s.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return s.ExitCode()
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// TermAt returns when Term sent SIGTERM.
func (i *Instance) TermAt() time.Time {
	return i.termAt
}

// logTail returns the last lines of the log at path.
func logTail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}
