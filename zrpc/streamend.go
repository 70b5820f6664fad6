package zrpc

import "time"

// endCost is the time allowed to end one stream: writing its status and
// letting its handler return. With many streams open, ending them all at the
// deadline at once would take longer than the drain has left (10,000 streams
// took up to a second on 2 cores), so they end over a ramp of endCost per
// stream before it.
const endCost = 150 * time.Microsecond

// endBy ends the streams still open, shard after shard, over a ramp that
// ends at deadline: endCost per stream open now, at most maxRamp. The last
// shard ends at deadline; with few streams the ramp is a few milliseconds.
// The returned func stops the shards' timers that have not fired.
func (d *streamDrainer) endBy(deadline time.Time, maxRamp time.Duration) (stop func()) {
	ramp := min(time.Duration(d.open.Load())*endCost, maxRamp)
	start := deadline.Add(-ramp)
	var timers [endShards]*time.Timer
	for i := range timers {
		at := start.Add(ramp * time.Duration(i+1) / endShards)
		timers[i] = time.AfterFunc(time.Until(at), func() { d.endShard(i) })
	}
	return func() {
		for _, t := range timers {
			t.Stop()
		}
	}
}
