package oriole.recorder.demo;

import java.util.Map;

/** RunAgent with the behavior given as argument, in a JVM the test starts with a small heap. */
public final class AgentInASmallHeap {

    private AgentInASmallHeap() {
    }

    public static void main(String[] args) {
        System.out.println(new RunAgentHandler().handleRequest(Map.of("behavior", args[0]), null));
    }
}
