//! Simulated time: wall time scaled by the speed, which may change at run time.

use std::time::{Duration, Instant, SystemTime};

#[derive(Clone, Debug)]
pub struct SimClock {
    anchor_real: Instant,
    anchor_sim: f64,
    speed: f64,
}

impl SimClock {
    pub fn new(speed: f64) -> Self {
        SimClock {
            anchor_real: Instant::now(),
            anchor_sim: 0.0,
            speed,
        }
    }

    /// Simulated seconds since the clock started.
    pub fn now(&self) -> f64 {
        self.anchor_sim + self.anchor_real.elapsed().as_secs_f64() * self.speed
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_speed(&mut self, speed: f64) {
        self.anchor_sim = self.now();
        self.anchor_real = Instant::now();
        self.speed = speed;
    }

    /// Jumps the simulated clock forward.
    pub fn advance(&mut self, secs: f64) {
        self.anchor_sim += secs.max(0.0);
    }

    /// The wall time of simulated instant `t`, given that `now_sim` is `wall_now`.
    pub fn wall_of(&self, t: f64, now_sim: f64, wall_now: SystemTime) -> SystemTime {
        let delta = (now_sim - t) / self.speed;
        let d = Duration::try_from_secs_f64(delta.abs()).unwrap_or(Duration::ZERO);
        if delta >= 0.0 {
            wall_now.checked_sub(d).unwrap_or(wall_now)
        } else {
            wall_now.checked_add(d).unwrap_or(wall_now)
        }
    }
}
