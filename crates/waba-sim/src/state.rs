//! What every request handler shares: the scenario, the world behind its lock, the clock, the
//! fault switches and the request counters, plus the server's own base URL (for paging links)
//! and the control secret.

use std::sync::{Arc, Mutex, MutexGuard};

use secrecy::SecretString;

use crate::emitter::Emitter;
use crate::limits::Limits;
use crate::usage::Usage;
use crate::world::World;
use crate::{lock, Faults, Requests, SandboxConfig, Scenario, SimClock};

#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub scenario: Scenario,
    pub base_url: String,
    pub clock: SimClock,
    pub faults: Faults,
    pub requests: Requests,
    /// The WABA's management calls in the rolling hour (`X-Business-Use-Case-Usage`).
    pub usage: Usage,
    /// Compared in constant time with each control call's secret header; never answered.
    pub control_secret: SecretString,
    /// The webhook emitter (`emitter`): its queue, counts and faults.
    pub emitter: Emitter,
    /// The send limits (`limits`): throughput per number and the pair limit, real clock.
    pub limits: Limits,
    world: Arc<Mutex<World>>,
}

impl AppState {
    /// Starts the webhook emitter's task, so it must run inside a Tokio runtime.
    pub(crate) fn new(config: &SandboxConfig, base_url: String) -> Self {
        let clock = SimClock::default();
        let mut world = World::seed(config.scenario, clock.now());
        world.provisioning_delay = sim_duration(config.provisioning_delay);
        world.accept_extra_tokens(&config.extra_tokens);
        world.app.secret = config.app_secret.clone();
        AppState {
            scenario: config.scenario,
            base_url,
            clock,
            faults: Faults::new(config.latency),
            requests: Requests::default(),
            usage: Usage::default(),
            control_secret: config.control_secret.clone(),
            emitter: Emitter::start(config.webhook_retry, config.app_secret.clone()),
            limits: Limits::new(config.message_limits),
            world: Arc::new(Mutex::new(world)),
        }
    }

    /// The world, locked. Never hold it across an `.await`.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }
}

/// A std duration as the world's (sim-clock) duration, saturating.
pub(crate) fn sim_duration(d: std::time::Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}
