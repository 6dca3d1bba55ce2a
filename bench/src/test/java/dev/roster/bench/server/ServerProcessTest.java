package dev.roster.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

    @Test
    void reads_vmrss_from_proc_status() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t  123456 kB", "Threads:\t40");

        assertThat(ServerProcess.parseRssKib(status)).isEqualTo(123_456);
    }

    @Test
    void reads_utime_plus_stime_even_when_the_command_name_has_spaces() {
        String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 350 150 0 0 20 0 40 0 1000 0 0";

        assertThat(ServerProcess.parseCpuTicks(stat)).isEqualTo(500);
    }

    @Test
    void reads_the_used_heap_of_gc_heap_info() {
        String heapInfo = """
                4242:
                 garbage-first heap   total 262144K, used 48213K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 0 survivors (0K)
                 Metaspace       used 21345K, committed 21760K, reserved 1114112K
                """;

        assertThat(ServerProcess.parseHeapUsedKib(heapInfo)).isEqualTo(48_213);
    }

    @Test
    void a_heap_report_without_a_used_figure_is_an_error() {
        assertThatThrownBy(() -> ServerProcess.parseHeapUsedKib("4242:\nnothing here"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void watches_a_live_process_through_proc() throws Exception {
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());

        assertThat(self.rssKib()).isPositive();
        assertThat(self.cpuNanos()).isPositive();
    }

    @Test
    void refuses_a_process_that_does_not_exist() {
        assertThatThrownBy(() -> new ServerProcess(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerProcess(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process");
    }
}
