package oriole.infra;

import software.amazon.awscdk.regioninfo.RegionInfo;

/**
 * The ARN partition of a region (aws, aws-cn, aws-us-gov, aws-iso…), as the CDK's own region table knows it:
 * a literal ARN in an event pattern must match the events' ARNs exactly, so it cannot hold a deploy-time token.
 */
final class Partitions {

    private Partitions() {
    }

    static String of(String region) {
        String partition = RegionInfo.get(region).getPartition();
        if (partition == null) {
            throw new IllegalArgumentException("unknown region '" + region + "': its ARN partition is not known");
        }
        return partition;
    }
}
