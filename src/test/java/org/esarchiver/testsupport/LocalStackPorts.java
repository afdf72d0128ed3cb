package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every port of the local stack; all services bind 127.0.0.1 only. */
public record LocalStackPorts(
        int esHttp,
        int esTransport,
        int kafka,
        int kafkaController,
        int hdfsNameNode,
        int hdfsNameNodeHttp,
        int hdfsDataNode,
        int hdfsDataNodeHttp,
        int hdfsDataNodeIpc,
        int hdfsDataNodeHttpProxy) {

    /** Environment variables that override {@link #devDefaults()} (see {@link #fromEnv(Map)}). */
    public static final List<String> ENV_VARS = List.of("ES_PORT", "ES_TRANSPORT_PORT", "KAFKA_PORT",
            "KAFKA_CONTROLLER_PORT", "HDFS_PORT", "HDFS_HTTP_PORT", "HDFS_DATANODE_PORT", "HDFS_DATANODE_HTTP_PORT",
            "HDFS_DATANODE_IPC_PORT", "HDFS_DATANODE_PROXY_PORT");

    public LocalStackPorts {
        for (int port : new int[] {esHttp, esTransport, kafka, kafkaController, hdfsNameNode, hdfsNameNodeHttp,
                hdfsDataNode, hdfsDataNodeHttp, hdfsDataNodeIpc, hdfsDataNodeHttpProxy}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** The fixed ports of the dev stack: ES 19200/19300, Kafka 19092/19093, HDFS 19820/19870, DataNode 1986x. */
    public static LocalStackPorts devDefaults() {
        return new LocalStackPorts(19200, 19300, 19092, 19093, 19820, 19870, 19866, 19864, 19867, 19868);
    }

    /** {@link #devDefaults()}, each overridable by the variable of {@link #ENV_VARS} in the same order. */
    public static LocalStackPorts fromEnv(Map<String, String> env) {
        LocalStackPorts d = devDefaults();
        Function<Integer, Integer> pick = i -> {
            String name = ENV_VARS.get(i);
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return d.asList().get(i);
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is not a port: " + value);
            }
        };
        return new LocalStackPorts(pick.apply(0), pick.apply(1), pick.apply(2), pick.apply(3), pick.apply(4),
                pick.apply(5), pick.apply(6), pick.apply(7), pick.apply(8), pick.apply(9));
    }

    /** Ten distinct free ports on 127.0.0.1 (each bound with port 0, all held until all are picked). */
    public static LocalStackPorts free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            int[] p = new int[10];
            for (int i = 0; i < p.length; i++) {
                ServerSocket s = new ServerSocket(0, 1, loopback);
                sockets.add(s);
                p[i] = s.getLocalPort();
            }
            return new LocalStackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot pick free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Each port by the name of its environment variable ({@link #ENV_VARS}), in declaration order. */
    public Map<String, Integer> byName() {
        Map<String, Integer> m = new LinkedHashMap<>();
        List<Integer> ports = asList();
        for (int i = 0; i < ports.size(); i++) {
            m.put(ENV_VARS.get(i), ports.get(i));
        }
        return m;
    }

    /**
     * Fails fast if a port is used twice or is already taken on 127.0.0.1 (a probe bind with SO_REUSEADDR, so ports in
     * TIME_WAIT after a previous stop count as free).
     *
     * @throws IllegalStateException naming the ports in use
     */
    public void requireAvailable() {
        Map<Integer, String> seen = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        byName().forEach((name, port) -> {
            String other = seen.putIfAbsent(port, name);
            if (other != null) {
                problems.add(name + " and " + other + " are both " + port);
            }
        });
        for (Map.Entry<Integer, String> e : seen.entrySet()) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), e.getKey()), 1);
            } catch (IOException inUse) {
                problems.add("port " + e.getKey() + " (" + e.getValue() + ") is in use on 127.0.0.1");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Cannot start the local stack: " + String.join("; ", problems)
                    + ". Stop what uses them (is a dev stack already up? scripts/dev-stack.sh status) or choose"
                    + " other ports.");
        }
    }

    public HdfsCluster.Ports hdfs() {
        return new HdfsCluster.Ports(hdfsNameNode, hdfsNameNodeHttp, hdfsDataNode, hdfsDataNodeHttp, hdfsDataNodeIpc,
                hdfsDataNodeHttpProxy);
    }

    /** The ports in declaration order (the order of {@link #ENV_VARS}). */
    public List<Integer> asList() {
        return List.of(esHttp, esTransport, kafka, kafkaController, hdfsNameNode, hdfsNameNodeHttp, hdfsDataNode,
                hdfsDataNodeHttp, hdfsDataNodeIpc, hdfsDataNodeHttpProxy);
    }
}
