package oriole.recorder.store;

import org.apache.ibatis.annotations.Param;

/** Statements of {@code HistoryMapper.xml}: the history's retention. */
public interface HistoryMapper {

    long countReceivedBefore(@Param("cutoff") String cutoff);

    int deleteReceivedBefore(@Param("cutoff") String cutoff, @Param("slice") int slice);
}
