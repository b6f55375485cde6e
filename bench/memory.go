package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memPeak is what the sampler saw of the provider's processes.
type memPeak struct {
	HWMKiB    int64         // highest VmHWM (peak resident set) of any provider process
	Processes int           // provider processes seen (Terraform starts several per command)
	Samples   int           // process samples taken
	CPU       time.Duration // user + system CPU of the provider processes, as last sampled
}

// memSampler watches /proc for processes running the provider binary and keeps
// the highest VmHWM it reads. VmHWM only grows during a process's life, so a
// sample shortly before it exits holds its peak; only growth in the last
// interval before exit can be missed.
type memSampler struct {
	exe   string
	every time.Duration
	stop  chan struct{}
	done  chan struct{}

	mu   sync.Mutex
	peak memPeak
	seen map[int]bool
	cpu  map[int]time.Duration // by pid, the last value read
}

func startMemSampler(exe string, every time.Duration) *memSampler {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	m := &memSampler{exe: exe, every: every, stop: make(chan struct{}), done: make(chan struct{}),
		seen: map[int]bool{}, cpu: map[int]time.Duration{}}
	go m.loop()
	return m
}

func (m *memSampler) loop() {
	defer close(m.done)
	t := time.NewTicker(m.every)
	defer t.Stop()
	for {
		m.sample()
		select {
		case <-m.stop:
			m.sample()
			return
		case <-t.C:
		}
	}
}

func (m *memSampler) sample() {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := "/proc/" + e.Name()
		exe, err := os.Readlink(dir + "/exe")
		if err != nil || strings.TrimSuffix(exe, " (deleted)") != m.exe {
			continue
		}
		hwm := statusKiB(dir+"/status", "VmHWM:")
		cpu, cpuOK := cpuTime(dir + "/stat")
		m.mu.Lock()
		m.seen[pid] = true
		if cpuOK {
			m.cpu[pid] = cpu
		}
		m.peak.Processes = len(m.seen)
		m.peak.Samples++
		m.peak.HWMKiB = max(m.peak.HWMKiB, hwm)
		m.mu.Unlock()
	}
}

// Stop ends sampling and returns the peak.
func (m *memSampler) Stop() memPeak {
	close(m.stop)
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	m.peak.CPU = 0
	for _, c := range m.cpu {
		m.peak.CPU += c
	}
	return m.peak
}

// clockTick is USER_HZ, the unit of /proc/<pid>/stat times: 100 on Linux.
const clockTick = 10 * time.Millisecond

// cpuTime reads utime + stime of /proc/<pid>/stat.
func cpuTime(path string) (time.Duration, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	// After the command: state is field 3 of stat, utime 14, stime 15.
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(u+st) * clockTick, true
}

// statusKiB reads a "Key:   1234 kB" line of /proc/<pid>/status.
func statusKiB(path, key string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, key); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
