import { Counter, Gauge, type Registry } from "prom-client";

/** What an operator watches of the realtime feed, on the server's own registry. */
export class RealtimeMetrics {
  readonly sockets: Gauge;
  readonly events: Counter;
  readonly heldEvents: Gauge;
  readonly idsGivenUp: Counter;

  constructor(registry: Registry) {
    this.sockets = new Gauge({
      name: "tandem_realtime_sockets",
      help: "Page sockets open on this process",
      registers: [registry],
    });
    this.events = new Counter({
      name: "tandem_realtime_events_total",
      help: "Page events read and fanned out by this process",
      registers: [registry],
    });
    this.heldEvents = new Gauge({
      name: "tandem_realtime_held_events",
      help: "Page events read but held back behind an id whose transaction has not committed yet",
      registers: [registry],
    });
    this.idsGivenUp = new Counter({
      name: "tandem_realtime_ids_given_up_total",
      help: "Missing page event ids skipped after the grace period (rolled back, or committed too late for live sockets)",
      registers: [registry],
    });
  }
}
