package oriole.recorder.store;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Reads experiments rows back; SQL in {@code ExperimentQueryMapper.xml}. */
public interface ExperimentQueryMapper {

    List<ExperimentRow> selectByExecutionArns(@Param("executionArns") String[] executionArns);
}
