#!/usr/bin/env python3
"""Broadcast that survives partitions: gossip to each neighbour what it has not confirmed.

Each node remembers, for every topology neighbour, which values that neighbour is known to have:
values it sent us, and values it confirmed. A few times a second the node sends each neighbour,
in one message, the values it is not known to have; the neighbour answers with the same list,
which confirms them. A message lost to a partition confirms nothing, so the values in it go out
again in the next round, and the next, until the partition heals and they get through: this is
anti-entropy (Demers et al., 1987), and it needs no timer per message and no failure detector.

Batching many values into one message per neighbour per round keeps the messages per operation
low; the price is latency, up to one round per hop. GOSSIP_EVERY sets that trade-off.

Run it:  quorum lab test -w broadcast --bin lessons/labs/broadcast.py --node-count 5 \
             --time-limit 20 --rate 10 --nemesis partition
"""
import json
import queue
import sys
import threading
import time

GOSSIP_EVERY = 0.2  # seconds between gossip rounds: shorter is faster, and costs more messages

node_id = None
next_msg_id = 0
neighbours = []  # from the topology message
messages = set()  # every value this node has seen
known = {}  # neighbour -> values it is known to have


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def gossip_round():
    """Send each neighbour, in one message, every value it is not known to have. A value whose
    confirmation is still on its way goes again: that costs a little payload, and it means a
    value lost to a partition crosses one round after the partition heals."""
    for neighbour in neighbours:
        due = messages - known[neighbour]
        if due:
            send(neighbour, {"type": "gossip", "messages": sorted(due)})


def handle(message):
    global node_id, neighbours
    body = message["body"]
    kind = body["type"]

    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "topology":
        neighbours = body["topology"].get(node_id, [])
        for neighbour in neighbours:
            known[neighbour] = set()
        reply(message, {"type": "topology_ok"})
    elif kind == "broadcast":
        messages.add(body["message"])  # gossip_round will pass it on
        reply(message, {"type": "broadcast_ok"})
    elif kind == "gossip":
        values = set(body["messages"])
        messages.update(values)
        # The sender has these, so they never go back to it: no echo to where a value came from.
        known.setdefault(message["src"], set()).update(values)
        reply(message, {"type": "gossip_ok", "messages": body["messages"]})
    elif kind == "gossip_ok":
        known.setdefault(message["src"], set()).update(body["messages"])
    elif kind == "read":
        reply(message, {"type": "read_ok", "messages": sorted(messages)})


# A thread only reads stdin into a queue; everything else happens on the main thread, so no
# state is shared between threads and no locks are needed. Waiting on the queue with a timeout
# gives the main loop its chance to gossip even when no message arrives.
inbox = queue.Queue()


def read_stdin():
    for line in sys.stdin:
        inbox.put(json.loads(line))
    inbox.put(None)  # stdin closed: time to stop


threading.Thread(target=read_stdin, daemon=True).start()
next_round = time.monotonic() + GOSSIP_EVERY
while True:
    try:
        message = inbox.get(timeout=max(0.0, next_round - time.monotonic()))
        if message is None:
            break
        handle(message)
    except queue.Empty:
        pass
    if time.monotonic() >= next_round:
        gossip_round()
        next_round = time.monotonic() + GOSSIP_EVERY
