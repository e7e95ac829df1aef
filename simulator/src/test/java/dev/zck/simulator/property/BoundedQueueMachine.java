package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A toy stateful system for the engine's tests: a bounded FIFO queue checked against a list. With {@code buggy}, a
 * reset (which should change nothing the queue holds) loses the oldest element when the queue holds more than 2: the
 * smallest failing case is three offers of which the first two differ, a reset and a poll.
 */
final class BoundedQueueMachine implements StateMachine<List<Integer>, BoundedQueueMachine.Queue> {
    static final int CAPACITY = 6;

    private final boolean buggy;

    BoundedQueueMachine() {
        this(true);
    }

    BoundedQueueMachine(boolean buggy) {
        this.buggy = buggy;
    }

    @Override
    public List<Integer> initialModel() {
        return List.of();
    }

    @Override
    public Queue newSystem() {
        return new Queue(CAPACITY, buggy);
    }

    @Override
    public Gen<Action<List<Integer>, Queue>> actions(List<Integer> model) {
        return Gen.frequency(
                Gen.weight(3, Gen.ints(0, 100).map(Offer::new)),
                Gen.weight(2, Gen.constant(new Poll())),
                Gen.weight(1, Gen.constant(new Reset())));
    }

    @Override
    public String trace(Queue system) {
        return String.join("\n", system.log);
    }

    /** The system under test; it throws where a precondition should have kept an action away. */
    static final class Queue {
        private final Deque<Integer> items = new ArrayDeque<>();
        private final int capacity;
        private final boolean buggy;
        final List<String> log = new ArrayList<>();

        Queue(int capacity, boolean buggy) {
            this.capacity = capacity;
            this.buggy = buggy;
        }

        void offer(int value) {
            if (items.size() == capacity) {
                throw new IllegalStateException("full");
            }
            items.addLast(value);
            log.add("offer " + value + " -> " + items);
        }

        int poll() {
            int value = items.removeFirst();
            log.add("poll " + value + " -> " + items);
            return value;
        }

        void reset() {
            if (buggy && items.size() > 2) {
                items.removeFirst();
            }
            log.add("reset -> " + items);
        }
    }

    record Offer(int value) implements Action<List<Integer>, Queue> {
        @Override
        public boolean precondition(List<Integer> model) {
            return model.size() < CAPACITY;
        }

        @Override
        public void run(Queue system, List<Integer> model) {
            system.offer(value);
        }

        @Override
        public List<Integer> next(List<Integer> model) {
            List<Integer> next = new ArrayList<>(model);
            next.add(value);
            return List.copyOf(next);
        }

        @Override
        public String toString() {
            return "offer(" + value + ")";
        }

        @Override
        public String toJava() {
            return "new BoundedQueueMachine.Offer(" + value + ")";
        }
    }

    record Poll() implements Action<List<Integer>, Queue> {
        @Override
        public boolean precondition(List<Integer> model) {
            return !model.isEmpty();
        }

        @Override
        public void run(Queue system, List<Integer> model) {
            assertThat(system.poll()).as("poll").isEqualTo(model.get(0));
        }

        @Override
        public List<Integer> next(List<Integer> model) {
            return model.subList(1, model.size());
        }

        @Override
        public String toString() {
            return "poll()";
        }

        @Override
        public String toJava() {
            return "new BoundedQueueMachine.Poll()";
        }
    }

    record Reset() implements Action<List<Integer>, Queue> {
        @Override
        public void run(Queue system, List<Integer> model) {
            system.reset();
        }

        @Override
        public List<Integer> next(List<Integer> model) {
            return model;
        }

        @Override
        public String toString() {
            return "reset()";
        }

        @Override
        public String toJava() {
            return "new BoundedQueueMachine.Reset()";
        }
    }
}
