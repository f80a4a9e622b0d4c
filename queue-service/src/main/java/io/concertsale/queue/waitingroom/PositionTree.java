package io.concertsale.queue.waitingroom;

import java.util.BitSet;

/**
 * Order statistics over join numbers: which numbers are in the queue and how many of them lie below a number, each
 * in O(log n). A Fenwick (binary indexed) tree over the numbers {@code 1..capacity} that grows as higher numbers
 * arrive. Not thread-safe: {@link QueueIndex} guards it.
 */
final class PositionTree {

    private static final int INITIAL_CAPACITY = 1024;

    private final BitSet present = new BitSet();
    private int[] tree = new int[INITIAL_CAPACITY + 1];
    private int size;

    /** @return false when the number was already in */
    boolean add(long number) {
        int index = index(number);
        if (present.get(index)) {
            return false;
        }
        if (index >= tree.length) {
            grow(index);
        }
        present.set(index);
        update(index, 1);
        size++;
        return true;
    }

    /** @return false when the number was not in */
    boolean remove(long number) {
        if (number < 1 || number >= tree.length || !present.get((int) number)) {
            return false;
        }
        int index = (int) number;
        present.clear(index);
        update(index, -1);
        size--;
        return true;
    }

    boolean contains(long number) {
        return number >= 1 && number < tree.length && present.get((int) number);
    }

    /** The lowest number in the tree, or 0 when it is empty. */
    long lowest() {
        return Math.max(0, present.nextSetBit(1));
    }

    /** How many numbers in the tree are smaller than {@code number}. */
    int countBelow(long number) {
        long last = Math.min(number - 1, tree.length - 1L);
        int count = 0;
        for (int i = (int) Math.max(last, 0); i > 0; i -= i & -i) {
            count += tree[i];
        }
        return count;
    }

    int size() {
        return size;
    }

    void clear() {
        present.clear();
        tree = new int[INITIAL_CAPACITY + 1];
        size = 0;
    }

    private void update(int index, int delta) {
        for (int i = index; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** Rebuilds the tree with room for {@code index}, in linear time. */
    private void grow(int index) {
        int capacity = tree.length - 1;
        while (capacity < index) {
            capacity = capacity > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - 1 : capacity * 2;
        }
        int[] grown = new int[capacity + 1];
        for (int i = present.nextSetBit(1); i >= 0; i = present.nextSetBit(i + 1)) {
            grown[i] = 1;
        }
        for (int i = 1; i <= capacity; i++) {
            int parent = i + (i & -i);
            if (parent <= capacity) {
                grown[parent] += grown[i];
            }
        }
        tree = grown;
    }

    private static int index(long number) {
        if (number < 1 || number >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Join numbers run from 1 to " + (Integer.MAX_VALUE - 1) + ": " + number);
        }
        return (int) number;
    }
}
