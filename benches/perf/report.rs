//! The results: one row per measured goal (measured, baseline, ratio, goal, verdict), detail
//! sections and notes, rendered as a plain-text table and as `docs/PERFORMANCE.md`.

use std::fmt::Write as _;
use std::process::Command;
use std::time::Duration;

/// How a row's measurement compares with its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the goal.
    Met,
    /// Outside the goal (explained in a note).
    NotMet,
    /// Context only (a baseline, a breakdown); no goal of its own.
    Info,
    /// Not judged: a smoke run, or the measurement could not be made.
    NotJudged,
}

impl Verdict {
    /// Met when `ok`, else not met.
    pub fn of(ok: bool) -> Self {
        if ok { Verdict::Met } else { Verdict::NotMet }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "NOT MET",
            Verdict::Info => "info",
            Verdict::NotJudged => "not judged",
        }
    }
}

/// One line of the results table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The goal number and name, e.g. "1 start-up".
    pub goal: &'static str,
    /// What was measured.
    pub metric: String,
    /// The number.
    pub measured: String,
    /// What it is compared with, measured in the same run unless marked "(computed)".
    pub baseline: String,
    /// measured vs baseline.
    pub ratio: String,
    /// The goal's bound.
    pub target: String,
    /// Whether the goal is met.
    pub verdict: Verdict,
    /// Whether only a full run can judge it: timings, and sizes that a smoke run's tiny
    /// module or debug build does not show. Counts are judged in every run.
    pub full_only: bool,
}

impl Row {
    /// A row judged only in a full run (timings, memory).
    pub fn timing(goal: &'static str, metric: impl Into<String>) -> Self {
        Self {
            goal,
            metric: metric.into(),
            measured: String::new(),
            baseline: "—".to_owned(),
            ratio: "—".to_owned(),
            target: "—".to_owned(),
            verdict: Verdict::Info,
            full_only: true,
        }
    }

    /// A row judged on counts (calls, failures), not on timing.
    pub fn count(goal: &'static str, metric: impl Into<String>) -> Self {
        Self {
            full_only: false,
            ..Self::timing(goal, metric)
        }
    }

    pub fn measured(mut self, v: impl Into<String>) -> Self {
        self.measured = v.into();
        self
    }
    pub fn baseline(mut self, v: impl Into<String>) -> Self {
        self.baseline = v.into();
        self
    }
    pub fn ratio(mut self, v: impl Into<String>) -> Self {
        self.ratio = v.into();
        self
    }
    pub fn target(mut self, v: impl Into<String>, verdict: Verdict) -> Self {
        self.target = v.into();
        self.verdict = verdict;
        self
    }
}

/// The machine and tools the numbers come from.
#[derive(Debug, Clone)]
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub cpus: usize,
    pub memory: String,
    pub kernel: String,
    pub rustc: String,
    pub profile: &'static str,
    pub load_start: String,
    pub load_end: String,
    /// Tool versions, filled by the sections that use them.
    pub tools: Vec<(String, String)>,
}

impl Machine {
    pub fn probe(debug: bool) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(|| "unknown".to_owned(), |(_, v)| v.trim().to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or_else(
                || "unknown".to_owned(),
                |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
            );
        Self {
            date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            cpu,
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory,
            kernel: command_line("uname", &["-sr"]),
            rustc: command_line("rustc", &["--version"]),
            profile: if debug { "debug" } else { "release" },
            load_start: load_average(),
            load_end: String::new(),
            tools: Vec::new(),
        }
    }
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The first line a command prints, or "unknown".
pub fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Everything the run found.
#[derive(Debug)]
pub struct Report {
    pub smoke: bool,
    pub machine: Machine,
    pub rows: Vec<Row>,
    /// Detail sections: (title, markdown body).
    pub sections: Vec<(String, String)>,
    /// Explanations, mostly of goals not met.
    pub notes: Vec<String>,
    /// Things that broke (a run failed, a check could not be made): the exit code is 1.
    pub failures: Vec<String>,
}

impl Report {
    pub fn new(smoke: bool, machine: Machine) -> Self {
        Self {
            smoke,
            machine,
            rows: Vec::new(),
            sections: Vec::new(),
            notes: Vec::new(),
            failures: Vec::new(),
        }
    }

    pub fn row(&mut self, mut row: Row) {
        // A smoke run's counts are tiny and its machine may be busy: no timing verdicts.
        if self.smoke && row.full_only && row.verdict != Verdict::Info {
            row.verdict = Verdict::NotJudged;
        }
        self.rows.push(row);
    }

    pub fn section(&mut self, title: impl Into<String>, body: impl Into<String>) {
        self.sections.push((title.into(), body.into()));
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn fail(&mut self, what: impl Into<String>) {
        let what = what.into();
        eprintln!("perf: FAILED: {what}");
        self.failures.push(what);
    }

    pub fn tool(&mut self, name: impl Into<String>, version: impl Into<String>) {
        self.machine.tools.push((name.into(), version.into()));
    }

    /// Records the end-of-run load.
    pub fn finish(&mut self) {
        self.machine.load_end = load_average();
    }

    fn table_cells(&self) -> Vec<[String; 7]> {
        self.rows
            .iter()
            .map(|r| {
                [
                    r.goal.to_owned(),
                    r.metric.clone(),
                    r.measured.clone(),
                    r.baseline.clone(),
                    r.ratio.clone(),
                    r.target.clone(),
                    r.verdict.label().to_owned(),
                ]
            })
            .collect()
    }

    /// The plain-text table printed at the end of a run.
    pub fn text(&self) -> String {
        let header = [
            "goal", "metric", "measured", "baseline", "ratio", "goal", "verdict",
        ]
        .map(str::to_owned);
        let mut rows = vec![header];
        rows.extend(self.table_cells());
        let mut widths = [0usize; 7];
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n{} run on {} ({} CPUs, {}), {} build, load {} → {}",
            if self.smoke { "Smoke" } else { "Benchmark" },
            self.machine.cpu,
            self.machine.cpus,
            self.machine.memory,
            self.machine.profile,
            self.machine.load_start,
            self.machine.load_end
        );
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        out
    }

    /// `docs/PERFORMANCE.md`.
    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut out = String::new();
        let _ = writeln!(out, "# Performance\n");
        let _ = writeln!(
            out,
            "Generated by `scripts/bench.sh` (`cargo bench --bench perf -- --write docs/PERFORMANCE.md`) \
             on {}. Every number below was measured in that one run, next to its baseline; \
             values marked *(computed)* (baselines, and the quota bounds in any column) are \
             arithmetic, not measurements. Sizes in MB are \
             10^6 bytes; times are wall-clock. Re-run the command to refresh this file; do not \
             edit it by hand.{}\n",
            m.date,
            if self.smoke {
                " **This is a smoke run: tiny counts, no timing judged.**"
            } else {
                ""
            }
        );
        let _ = writeln!(out, "## Machine\n");
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(out, "| date | {} |", m.date);
        let _ = writeln!(out, "| CPU | {} × {} |", m.cpus, m.cpu);
        let _ = writeln!(out, "| memory | {} |", m.memory);
        let _ = writeln!(out, "| kernel | {} |", m.kernel);
        let _ = writeln!(
            out,
            "| load average (1, 5, 15 min) | {} at start, {} at end |",
            m.load_start, m.load_end
        );
        let _ = writeln!(out, "| rustc | {} |", m.rustc);
        let _ = writeln!(out, "| provider build | {} |", m.profile);
        for (name, version) in &m.tools {
            let _ = writeln!(out, "| {name} | {version} |");
        }
        let _ = writeln!(out, "\n## Results\n");
        let _ = writeln!(
            out,
            "| goal | metric | measured | baseline | ratio | goal | verdict |\n|---|---|---|---|---|---|---|"
        );
        for c in self.table_cells() {
            let verdict = if c[6] == "NOT MET" {
                "**NOT MET**".to_owned()
            } else {
                c[6].clone()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                c[0],
                escape(&c[1]),
                escape(&c[2]),
                escape(&c[3]),
                escape(&c[4]),
                escape(&c[5]),
                verdict
            );
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\n## Notes\n");
            for n in &self.notes {
                let _ = writeln!(out, "- {n}");
            }
        }
        if !self.failures.is_empty() {
            let _ = writeln!(out, "\n## Failures\n");
            for f in &self.failures {
                let _ = writeln!(out, "- {f}");
            }
        }
        for (title, body) in &self.sections {
            let _ = writeln!(out, "\n## {title}\n\n{}", body.trim_end());
        }
        out
    }
}

/// A table cell: pipes would split it.
fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Sorted samples with percentiles.
#[derive(Debug, Clone)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut v: Vec<Duration>) -> Self {
        v.sort_unstable();
        Self(v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Nearest-rank percentile, `p` in 0..=100.
    pub fn pct(&self, p: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }

    pub fn median(&self) -> Duration {
        self.pct(50.0)
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Microseconds with one decimal.
pub fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Seconds with one decimal.
pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// Bytes as MB (10^6, as the goal states sizes).
pub fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
