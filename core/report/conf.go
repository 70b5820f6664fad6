package report

// A Conf configures a [Recorder].
type Conf struct {
	// TerminationLogPath, if set, is the file the report is written to when
	// the shutdown is done, truncated to [MaxFileSize]: /dev/termination-log
	// in Kubernetes, where `kubectl describe pod` shows it. The report is
	// always logged; a failed write is logged too.
	TerminationLogPath string `json:",optional"`
}
