//! What every request handler shares: the scenario, the world behind its lock, the clock and the
//! fault switches, plus the server's own base URL (for paging links).

use std::sync::{Arc, Mutex, MutexGuard};

use crate::world::World;
use crate::{lock, Faults, Scenario, SimClock};

#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub scenario: Scenario,
    pub base_url: String,
    pub clock: SimClock,
    pub faults: Faults,
    world: Arc<Mutex<World>>,
}

impl AppState {
    pub(crate) fn new(
        scenario: Scenario,
        base_url: String,
        clock: SimClock,
        faults: Faults,
    ) -> Self {
        let world = World::seed(scenario, clock.now());
        AppState {
            scenario,
            base_url,
            clock,
            faults,
            world: Arc::new(Mutex::new(world)),
        }
    }

    /// The world, locked. Never hold it across an `.await`.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }
}
