package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapPolicyTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void the_ratios_are_set_when_the_command_line_left_them_alone() {
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            assertThat(HeapPolicy.apply(List.of("-Xss1m"))).isTrue();
            assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
            assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("30");
        } finally {
            vm.setVMOption("MinHeapFreeRatio", "0");
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }

    @Test
    void a_ratio_chosen_on_the_command_line_is_kept() {
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        assertThat(HeapPolicy.apply(List.of("-XX:MaxHeapFreeRatio=50"))).isFalse();
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
    }
}
