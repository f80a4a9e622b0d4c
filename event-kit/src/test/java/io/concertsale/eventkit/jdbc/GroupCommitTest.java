package io.concertsale.eventkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Group commit over a real database: what arrives together shares a transaction, and one failure fails alone. */
class GroupCommitTest {

    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final Map<String, Object> transactionOf = new ConcurrentHashMap<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private JdbcDataSource dataSource;
    private JdbcClient jdbc;
    private GroupCommit<String, String> commits;

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE written (item VARCHAR(100) PRIMARY KEY)").update();
        commits = new GroupCommit<>("test", new TransactionTemplate(new DataSourceTransactionManager(dataSource)), this::write,
                100, 1, size -> { });
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        commits.stop();
        requests.shutdownNow();
    }

    /** One item's work: a row, then, for a "fail" item, an exception (its row must not stay). */
    private String write(String item) {
        transactionOf.put(item, TransactionSynchronizationManager.getResource(dataSource));
        jdbc.sql("INSERT INTO written (item) VALUES (:item)").param("item", item).update();
        if (item.equals("first")) {
            firstStarted.countDown();
            awaitQuietly(releaseFirst);
        }
        if (item.startsWith("fail")) {
            throw new IllegalStateException("item " + item + " fails");
        }
        return "done " + item;
    }

    private Future<String> submit(String item) {
        return requests.submit(() -> commits.submit(item));
    }

    @Test
    void itemsThatArriveWhileABatchRunsShareTheNextTransaction() throws Exception {
        commits.start();
        Future<String> first = submit("first");
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> together = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            together.add(submit("item-" + i));
        }
        awaitWaiting(50);

        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done first");
        for (int i = 0; i < 50; i++) {
            assertThat(together.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done item-" + i);
        }
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            transactions.add(transactionOf.get("item-" + i));
        }
        assertThat(transactions).as("the 50 that waited together committed together").hasSize(1);
        assertThat(transactions).doesNotContain(transactionOf.get("first"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM written").query(Long.class).single()).isEqualTo(51);
    }

    @Test
    void aFailingItemFailsAloneAndTheOthersOfItsBatchTakeEffectOnce() throws Exception {
        commits.start();
        Future<String> first = submit("first");
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> before = submit("before");
        Future<String> failing = submit("fail-1");
        Future<String> after = submit("after");
        awaitWaiting(3);

        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done first");
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("done before");
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("done after");
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("item fail-1 fails");
        assertThat(jdbc.sql("SELECT item FROM written ORDER BY item").query(String.class).list())
                .containsExactly("after", "before", "first");
    }

    @Test
    void withoutCommittersEachItemRunsInItsOwnTransactionOnTheCallersThread() {
        assertThat(commits.submit("alone")).isEqualTo("done alone");
        assertThatThrownBy(() -> commits.submit("fail-alone")).hasMessage("item fail-alone fails");

        assertThat(jdbc.sql("SELECT item FROM written").query(String.class).list()).containsExactly("alone");
    }

    @Test
    void batchWorkTakesEveryItemThatWaitedTogetherInOneCall() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        commits.stop();
        commits = GroupCommit.ofBatches("test", new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                items -> {
                    calls.add(List.copyOf(items));
                    return items.stream().map(this::write).toList();
                }, 100, 1, size -> { });
        commits.start();
        Future<String> first = submit("first");
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> together = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            together.add(submit("item-" + i));
        }
        awaitWaiting(5);
        releaseFirst.countDown();
        for (int i = 0; i < 5; i++) {
            assertThat(together.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done item-" + i);
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done first");
        assertThat(calls).as("one call with the five that waited together").anySatisfy(call -> assertThat(call)
                .containsExactlyInAnyOrder("item-0", "item-1", "item-2", "item-3", "item-4"));
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commits.waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commits.waiting()).isEqualTo(count);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
