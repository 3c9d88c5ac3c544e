/**
 * Broadcast fan-out: which joined channels hear a message. As in Realtime, a private and a public
 * channel with the same name are two separate rooms (`Tenants.tenant_topic(…, public?)`): a
 * public channel is joined without any policy check, so it must never hear private traffic.
 */
import type { JsonObject, PayloadEncoding } from "./serializer.ts";

/**
 * A broadcast on its way out, kept in the form it arrived in: text-framed broadcasts (REST batch,
 * database `realtime.send`, text pushes) go out as `[null,null,topic,"broadcast",body]`; binary
 * pushes (kind 3) and the single-message REST endpoint go out as binary kind 4, like Realtime.
 */
export type Outbound =
  | { wire: "text"; event: string; body: JsonObject }
  | { wire: "binary"; event: string; encoding: PayloadEncoding; bytes: Buffer };

export type Subscriber = {
  readonly subTopic: string;
  readonly isPrivate: boolean;
  /** Private channels joined on presence read alone do not receive broadcasts. */
  canReceiveBroadcast(): boolean;
  deliver(message: Outbound): void;
};

export type Fanout = {
  add(subscriber: Subscriber): void;
  remove(subscriber: Subscriber): void;
  /** Returns how many subscribers were handed the message. */
  publish(subTopic: string, isPrivate: boolean, message: Outbound, except?: Subscriber): number;
  size(): number;
};

function roomKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? "private" : "public"}:${subTopic}`;
}

export function createFanout(onDeliveryError: (error: unknown) => void): Fanout {
  const rooms = new Map<string, Set<Subscriber>>();
  let count = 0;

  return {
    add(subscriber) {
      const key = roomKey(subscriber.subTopic, subscriber.isPrivate);
      let room = rooms.get(key);
      if (!room) {
        room = new Set();
        rooms.set(key, room);
      }
      if (!room.has(subscriber)) {
        room.add(subscriber);
        count += 1;
      }
    },
    remove(subscriber) {
      const key = roomKey(subscriber.subTopic, subscriber.isPrivate);
      const room = rooms.get(key);
      if (room?.delete(subscriber)) {
        count -= 1;
        // Empty rooms are dropped so the map only ever holds live topics.
        if (room.size === 0) rooms.delete(key);
      }
    },
    publish(subTopic, isPrivate, message, except) {
      const room = rooms.get(roomKey(subTopic, isPrivate));
      if (!room) return 0;
      let delivered = 0;
      // Copy first: a delivery may close a slow socket, which removes it from the room.
      for (const subscriber of [...room]) {
        if (subscriber === except) continue;
        if (isPrivate && !subscriber.canReceiveBroadcast()) continue;
        try {
          subscriber.deliver(message);
          delivered += 1;
        } catch (error) {
          onDeliveryError(error);
        }
      }
      return delivered;
    },
    size: () => count,
  };
}
